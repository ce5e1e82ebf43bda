import type {
  FullRegionalPicture,
  PictureChange,
  PictureIncident,
  PictureSectionChange,
} from "@krisstod/contracts";

/** What the feed says, minus a rebuild (which means: load the picture whole again). */
export type AppliedChange = PictureChange | Exclude<PictureSectionChange, { kind: "picture.rebuilt" }>;

/**
 * Applies one change at feed position `position` to the picture. A change at or before the
 * picture's own position is already in it (a replay after reconnecting) and is skipped, so
 * applying the same change twice is harmless.
 */
export function applyChange(
  picture: FullRegionalPicture,
  position: number,
  change: AppliedChange,
): FullRegionalPicture {
  if (position <= picture.lastEventId) return picture;
  const next = { ...picture, lastEventId: position };
  switch (change.kind) {
    case "incident.upserted":
      return { ...next, incidents: upsert(picture.incidents, change.incident, (i) => i.id) };
    case "activation.upserted":
      return { ...next, activations: upsert(picture.activations ?? [], change.activation, (a) => a.id) };
    case "mutual-aid.upserted":
      return {
        ...next,
        mutualAid: upsert(picture.mutualAid ?? [], change.mutualAid, (m) => m.requestId),
      };
    case "support-centre.upserted":
      return { ...next, supportCentres: upsert(picture.supportCentres ?? [], change.centre, (c) => c.id) };
    case "readiness.upserted":
      return {
        ...next,
        readiness: upsert(picture.readiness ?? [], change.readiness, (r) => r.organisationId),
      };
    case "situation-report.upserted":
      return {
        ...next,
        situationReports: upsert(
          picture.situationReports ?? [],
          change.report,
          (r) => `${r.incidentId}/${r.organisationId}`,
        ),
      };
    default:
      // A section this dashboard does not know (a newer service): nothing to patch, the position moves on.
      return next;
  }
}

function upsert<T>(items: readonly T[], item: T, keyOf: (item: T) => string): T[] {
  const key = keyOf(item);
  const index = items.findIndex((known) => keyOf(known) === key);
  if (index === -1) return [...items, item];
  return items.map((known, i) => (i === index ? item : known));
}

/** Open incidents, the most recent first. */
export function activeIncidents(picture: FullRegionalPicture | undefined): PictureIncident[] {
  return (picture?.incidents ?? [])
    .filter((incident) => incident.status === "open")
    .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
}
