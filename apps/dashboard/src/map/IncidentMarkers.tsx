import type { IncidentKind, PictureIncident } from "@krisstod/contracts";
import { type DivIcon, divIcon, type Marker as LeafletMarker } from "leaflet";
import { useEffect, useRef } from "react";
import { Marker, Popup, useMap } from "react-leaflet";
import { useI18n } from "../i18n/I18nProvider.tsx";

/** "Show this incident on the map"; `seq` grows with every request, so asking twice works. */
export interface FocusRequest {
  incidentId: string;
  seq: number;
}

/** Zoom at least this close when showing one incident: about a town's extent. */
const FOCUS_ZOOM = 11;

const SIZE = 18;

// A styled div rather than Leaflet's default image icon, which would be fetched from a URL. The
// anchor moves the icon by its offset (see declutter.ts) while the marker keeps its true place.
const icons = new Map<string, DivIcon>();
function iconFor(kind: IncidentKind, [dx, dy]: readonly [number, number]): DivIcon {
  const key = `${kind}:${dx}:${dy}`;
  let icon = icons.get(key);
  if (!icon) {
    icon = divIcon({
      className: `incident-marker incident-marker--${kind}`,
      iconSize: [SIZE, SIZE],
      iconAnchor: [SIZE / 2 - dx, SIZE / 2 - dy],
      popupAnchor: [dx, dy - SIZE / 2],
      html: "",
    });
    icons.set(key, icon);
  }
  return icon;
}

const NO_OFFSET: readonly [number, number] = [0, 0];

export function IncidentMarkers({
  incidents,
  focus,
  offsets,
}: {
  incidents: readonly PictureIncident[];
  focus: FocusRequest | undefined;
  /** Pixel offsets that keep close markers apart (see declutter.ts). */
  offsets: ReadonlyMap<string, readonly [number, number]>;
}) {
  return incidents.map((incident) => (
    // Leaflet reads title only when the marker is made: a new title makes a new marker.
    <IncidentMarker
      key={`${incident.id}:${incident.title}`}
      incident={incident}
      offset={offsets.get(incident.id) ?? NO_OFFSET}
      focusSeq={focus?.incidentId === incident.id ? focus.seq : undefined}
    />
  ));
}

/**
 * With `keyboard` Leaflet makes the marker a focusable role="button" named by its title, so it can
 * be reached without a mouse (and found by role and name).
 */
function IncidentMarker({
  incident,
  offset,
  focusSeq,
}: {
  incident: PictureIncident;
  offset: readonly [number, number];
  focusSeq: number | undefined;
}) {
  const { messages } = useI18n();
  const map = useMap();
  const marker = useRef<LeafletMarker>(null);
  const position: [number, number] = [incident.location.lat, incident.location.lon];
  const [lat, lon] = position;

  useEffect(() => {
    if (focusSeq === undefined) return;
    map.setView([lat, lon], Math.max(map.getZoom(), FOCUS_ZOOM));
    marker.current?.openPopup();
  }, [focusSeq, map, lat, lon]);

  return (
    <Marker
      ref={marker}
      position={position}
      icon={iconFor(incident.kind, offset)}
      title={incident.title}
      alt={incident.title}
      keyboard
    >
      <Popup>
        <strong>{incident.title}</strong>
        <br />
        {messages.incidents.kinds[incident.kind]}
        {incident.location.address ? (
          <>
            <br />
            {incident.location.address}
          </>
        ) : null}
      </Popup>
    </Marker>
  );
}
