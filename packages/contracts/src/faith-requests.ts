import { z } from "zod";
import { defineEvent } from "./envelope.ts";
import { IsoDateTime, OrganisationId } from "./ids.ts";

/**
 * Halland: "Kontakter med trossamfund kan fås via Länsstyrelsens TiB … Syftet med kontaktlistan är
 * att så snabbt som möjligt kunna ta en första kontakt och/eller sammankalla flera berörda
 * trossamfund till en regional samverkanskonferens. Vid behov av samverkan kan kommunerna och
 * Region Halland kontakta Länsstyrelsens TiB." A municipality or the region asks the county
 * board's TiB; the TiB answers once: the contact given, a regional conference called, or not possible.
 */
export const FaithRequestDecision = z.enum(["contact-given", "conference-called", "cannot"]);
export type FaithRequestDecision = z.infer<typeof FaithRequestDecision>;

/**
 * Body of POST /faith-requests. `need`: what support is wanted and from which faith or tradition —
 * about the need, never naming the affected (they stay with the organisation that holds them).
 * `convene`: several communities are concerned; the TiB is asked to call them to a conference.
 */
export const FaithRequestBody = z.object({
  incidentId: z.uuid(),
  need: z.string().trim().min(2).max(2000),
  convene: z.boolean().default(false),
});
export type FaithRequestBody = z.input<typeof FaithRequestBody>;

/** Body of POST /faith-requests/:id/answer: the county board TiB's answer. */
export const FaithAnswerBody = z.object({
  decision: FaithRequestDecision,
  message: z.string().trim().min(2).max(2000),
});
export type FaithAnswerBody = z.input<typeof FaithAnswerBody>;

export const FaithRequest = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  incidentTitle: z.string(),
  /** Who asked: a municipality or the region. */
  organisationId: OrganisationId,
  /** The county board asked (Länsstyrelsen of the asker's county). */
  countyBoardId: OrganisationId,
  countyCode: z.string(),
  need: z.string(),
  convene: z.boolean(),
  createdAt: IsoDateTime,
  status: z.enum(["open", "answered"]),
  answer: z
    .object({
      decision: FaithRequestDecision,
      message: z.string(),
      answeredAt: IsoDateTime,
    })
    .nullable(),
});
export type FaithRequest = z.infer<typeof FaithRequest>;

/** A municipality or the region asked Länsstyrelsen's TiB for faith communities (ids only). */
export const FaithRequestMade = defineEvent({
  type: "faith-request.made",
  schemaVersion: 1,
  producer: "activation",
  data: z.object({
    requestId: z.uuid(),
    incidentId: z.uuid(),
    countyBoardId: OrganisationId,
    convene: z.boolean(),
  }),
});

/** Länsstyrelsen's TiB answered a request for faith communities. */
export const FaithRequestAnswered = defineEvent({
  type: "faith-request.answered",
  schemaVersion: 1,
  producer: "activation",
  data: z.object({
    requestId: z.uuid(),
    incidentId: z.uuid(),
    organisationId: OrganisationId,
    decision: FaithRequestDecision,
  }),
});
