import type { IncidentKind, PictureIncident } from "@krisstod/contracts";
import { type DivIcon, divIcon } from "leaflet";
import { Marker, Popup } from "react-leaflet";
import { useI18n } from "../i18n/I18nProvider.tsx";

// A styled div rather than Leaflet's default image icon, which would be fetched from a URL.
const icons = new Map<IncidentKind, DivIcon>();
function iconFor(kind: IncidentKind): DivIcon {
  let icon = icons.get(kind);
  if (!icon) {
    icon = divIcon({ className: `incident-marker incident-marker--${kind}`, iconSize: [18, 18], html: "" });
    icons.set(kind, icon);
  }
  return icon;
}

/**
 * One marker per incident. With `keyboard` Leaflet makes each a focusable role="button" named by
 * its title, so it can be reached without a mouse (and found by role and name).
 */
export function IncidentMarkers({ incidents }: { incidents: readonly PictureIncident[] }) {
  const { messages } = useI18n();
  return incidents.map((incident) => (
    // Leaflet reads title only when the marker is made: a new title makes a new marker.
    <Marker
      key={`${incident.id}:${incident.title}`}
      position={[incident.location.lat, incident.location.lon]}
      icon={iconFor(incident.kind)}
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
  ));
}
