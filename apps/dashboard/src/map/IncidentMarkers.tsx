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

export function IncidentMarkers({
  incidents,
  focus,
}: {
  incidents: readonly PictureIncident[];
  focus: FocusRequest | undefined;
}) {
  return incidents.map((incident) => (
    // Leaflet reads title only when the marker is made: a new title makes a new marker.
    <IncidentMarker
      key={`${incident.id}:${incident.title}`}
      incident={incident}
      focusSeq={focus?.incidentId === incident.id ? focus.seq : undefined}
    />
  ));
}

/**
 * With `keyboard` Leaflet makes the marker a focusable role="button" named by its title, so it can
 * be reached without a mouse (and found by role and name).
 */
function IncidentMarker({ incident, focusSeq }: { incident: PictureIncident; focusSeq: number | undefined }) {
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
  );
}
