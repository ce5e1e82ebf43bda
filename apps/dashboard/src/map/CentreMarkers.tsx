import type { PictureSupportCentre } from "@krisstod/contracts";
import { divIcon } from "leaflet";
import { Marker, Popup } from "react-leaflet";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { shownCount } from "../picture/shownCount.ts";

/**
 * Open support centres: a square (incidents are round), coloured by who runs it (POSOM, PKL,
 * joint), with the occupancy on it — as the picture gives it, "<5" below five.
 */
export function CentreMarkers({
  centres,
  offsets,
}: {
  centres: readonly PictureSupportCentre[];
  /** Pixel offsets that keep close markers apart (see declutter.ts). */
  offsets: ReadonlyMap<string, readonly [number, number]>;
}) {
  const { messages } = useI18n();
  return centres
    .filter((centre) => centre.status === "open")
    .map((centre) => {
      const label = messages.map.centre(
        centre.name,
        messages.overview.operators[centre.operator],
        shownCount(centre.counts.present),
      );
      const [dx, dy] = offsets.get(centre.id) ?? [0, 0];
      return (
        // Leaflet reads the icon and title when the marker is made: a new count makes a new marker.
        <Marker
          key={`${centre.id}:${centre.counts.present}:${label}`}
          position={[centre.location.lat, centre.location.lon]}
          icon={divIcon({
            className: `centre-marker centre-marker--${centre.operator}`,
            iconSize: [28, 22],
            // Moved by its offset (declutter.ts); the marker keeps its true place.
            iconAnchor: [14 - dx, 11 - dy],
            popupAnchor: [dx, dy - 11],
            // Hidden from the accessibility tree so the marker is named by its title, which says it all.
            html: `<span aria-hidden="true">${escapeHtml(shownCount(centre.counts.present))}</span>`,
          })}
          title={label}
          alt={label}
          keyboard
        >
          <Popup>{label}</Popup>
        </Marker>
      );
    });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
