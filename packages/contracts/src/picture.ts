import { z } from "zod";
import { Incident } from "./incidents.ts";

/** One incident as the regional picture shows it. */
export const PictureIncident = Incident.pick({
  id: true,
  organisationId: true,
  countyCode: true,
  kind: true,
  title: true,
  location: true,
  occurredAt: true,
  affectedMunicipalities: true,
  extraordinary: true,
  status: true,
});
export type PictureIncident = z.infer<typeof PictureIncident>;

/** GET /picture: the regional picture, and the feed position it reflects. */
export const RegionalPicture = z.object({
  countyCode: z.string().nullable(),
  lastEventId: z.number().int().nonnegative(),
  incidents: z.array(PictureIncident),
});
export type RegionalPicture = z.infer<typeof RegionalPicture>;

/** One change of the picture, sent over server-sent events with `id` = feed position. */
export const PictureChange = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("incident.upserted"), incident: PictureIncident }),
]);
export type PictureChange = z.infer<typeof PictureChange>;
