import type { PictureChange, PictureIncident, RegionalPicture } from "@krisstod/contracts";

/**
 * Applies one change at feed position `position` to the picture. A change at or before the
 * picture's own position is already in it (a replay after reconnecting) and is skipped, so
 * applying the same change twice is harmless.
 */
export function applyChange(
  picture: RegionalPicture,
  position: number,
  change: PictureChange,
): RegionalPicture {
  if (position <= picture.lastEventId) return picture;
  switch (change.kind) {
    case "incident.upserted":
      return { ...picture, lastEventId: position, incidents: upsert(picture.incidents, change.incident) };
  }
}

function upsert(incidents: PictureIncident[], incident: PictureIncident): PictureIncident[] {
  const index = incidents.findIndex((known) => known.id === incident.id);
  if (index === -1) return [...incidents, incident];
  return incidents.map((known, i) => (i === index ? incident : known));
}

/** Open incidents, the most recent first. */
export function activeIncidents(picture: RegionalPicture | undefined): PictureIncident[] {
  return (picture?.incidents ?? [])
    .filter((incident) => incident.status === "open")
    .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
}
