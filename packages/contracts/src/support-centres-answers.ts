import { z } from "zod";
import { IsoDateTime } from "./ids.ts";
import { VisitorRelation } from "./support-centres.ts";

/**
 * What the support-centres service answers where support-centres.ts does not already say it: the
 * personal-data answers of follow-up and reunification (never cached, every visitor shown audited).
 */

/** `GET /follow-up?incidentId=`: a registered visitor who consented to being contacted afterwards. */
export const FollowUpEntry = z.object({
  visitorId: z.uuid(),
  centreId: z.uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  language: z.string().nullable(),
  relation: VisitorRelation,
  specialNeeds: z.string().nullable(),
  child: z.boolean(),
  arrivedAt: IsoDateTime,
});
export type FollowUpEntry = z.infer<typeof FollowUpEntry>;

/** One visitor a reunification search found, of the searching organisation's own visitors. */
export const ReunificationCandidate = z.object({
  visitorId: z.uuid(),
  centreId: z.uuid(),
  name: z.string(),
  dateOfBirth: z.string().nullable(),
  personnummer: z.string().nullable(),
  relation: VisitorRelation,
  present: z.boolean(),
});
export type ReunificationCandidate = z.infer<typeof ReunificationCandidate>;

/** `POST /reunification/searches`. */
export const ReunificationCandidates = z.object({ candidates: z.array(ReunificationCandidate) });
export type ReunificationCandidates = z.infer<typeof ReunificationCandidates>;

/** `POST /reunification/matches`: a seeker and a found visitor recorded as belonging together. */
export const ReunificationMatch = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  seekerVisitorId: z.uuid(),
  foundVisitorId: z.uuid(),
  matchedAt: IsoDateTime,
});
export type ReunificationMatch = z.infer<typeof ReunificationMatch>;

/** `POST /centres/:id/visitors/:visitorId/handovers`: a child handed over, and by whom. */
export const ChildHandover = z.object({
  id: z.uuid(),
  childVisitorId: z.uuid(),
  handedOverAt: IsoDateTime,
  /** The staff member's name as their sign-in gives it. */
  handedOverBy: z.string(),
});
export type ChildHandover = z.infer<typeof ChildHandover>;
