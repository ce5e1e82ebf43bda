import { z } from "zod";
import { defineEvent } from "./envelope.ts";
import { IsoDateTime, OrganisationId } from "./ids.ts";

/**
 * Mutual aid between organisations, after OASIS EDXL-RM: RequestResource (request), ResponseToRequestResource
 * (offer), CommitResource (accept), deployment of named people, ReleaseResource (release).
 * Events carry organisation ids, counts and person ids; never names or contact details.
 */

const Window = {
  from: IsoDateTime,
  to: IsoDateTime,
};

/**
 * Whom to call about a request (the asking POSOM lead) or who leads the people sent: staff of the
 * organisations, never an affected person. It travels with a request to a neighbour in another
 * county, since that neighbour's lead has no other way to reach the asker.
 */
export const AidContact = z.object({
  name: z.string().trim().min(2).max(200),
  phone: z
    .string()
    .trim()
    .regex(/^[+0-9 ()-]{0,30}$/, "digits, spaces, +, - and parentheses only")
    .default(""),
  email: z.union([z.literal(""), z.email().max(200)]).default(""),
});
export type AidContact = z.infer<typeof AidContact>;

/**
 * Body of POST /mutual-aid/requests. In every mutual-aid body the acting organisation is the
 * signed-in user's (from the access token); `organisationId` may still be sent but must match it.
 */
export const AidRequestBody = z
  .object({
    incidentId: z.uuid(),
    organisationId: OrganisationId.optional(),
    quantity: z.number().int().min(1).max(500),
    /** Competences asked for, e.g. profile items "support-person-2". */
    competences: z.array(z.string().min(1).max(100)).max(20).default([]),
    /** ISO 639-1 languages asked for (a special requirement in EDXL-RM terms). */
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/))
      .max(20)
      .default([]),
    /** What the people will do (EDXL-RM AnticipatedFunction). */
    anticipatedFunction: z.string().trim().min(2).max(500),
    specialRequirements: z.string().max(2000).default(""),
    place: z.string().trim().min(2).max(300),
    ...Window,
    /**
     * Named neighbours, or the whole county of the asker. A neighbour in another county that runs
     * its own deployment is asked over the national bus (mutual-aid/exchange.ts).
     */
    addressedTo: z.union([z.array(OrganisationId).min(1).max(50), z.literal("county")]),
    /** Whom to call about the request; the signed-in lead's name when not given. */
    contact: AidContact.optional(),
  })
  .refine((v) => Date.parse(v.to) > Date.parse(v.from), { path: ["to"], message: "must be after from" });
export type AidRequestBody = z.input<typeof AidRequestBody>;

export const AidOfferBody = z.object({
  organisationId: OrganisationId.optional(),
  quantity: z.number().int().min(1).max(500),
  note: z.string().max(2000).default(""),
  /** Who leads the people sent; the signed-in lead's name when not given. */
  lead: AidContact.optional(),
});
export type AidOfferBody = z.input<typeof AidOfferBody>;

/** Body of POST /mutual-aid/requests/:id/decline: an asked organisation says it cannot help. */
export const AidDeclineBody = z.object({
  organisationId: OrganisationId.optional(),
  note: z.string().max(2000).default(""),
});
export type AidDeclineBody = z.input<typeof AidDeclineBody>;

/** The asker commits to an offer. */
export const AidAcceptBody = z.object({ organisationId: OrganisationId.optional() });

/** The offering organisation names the people it sends. */
export const AidDeployBody = z.object({
  organisationId: OrganisationId.optional(),
  personIds: z.array(z.string().min(1).max(200)).min(1).max(500),
});

export const AidReleaseBody = z.object({ organisationId: OrganisationId.optional() });

export const AidOffer = z.object({
  id: z.uuid(),
  requestId: z.uuid(),
  organisationId: OrganisationId,
  quantity: z.number().int(),
  note: z.string(),
  /** `declined`: the asked organisation cannot help (quantity 0). */
  status: z.enum(["offered", "accepted", "declined"]),
  lead: AidContact.nullable(),
  /**
   * For an offer made in another county's deployment: how many of its people are on site and how
   * many have gone home, as that deployment last reported it (counts only; who they are stays
   * there). Null until it reports, and for offers made here (see `deployed`).
   */
  staffing: z
    .object({
      onSite: z.number().int().min(0),
      released: z.number().int().min(0),
      asOf: IsoDateTime,
    })
    .nullable(),
  deployed: z.array(
    z.object({
      deploymentId: z.uuid(),
      personId: z.string(),
      status: z.enum(["deployed", "released"]),
      releasedAt: IsoDateTime.nullable(),
    }),
  ),
});
export type AidOffer = z.infer<typeof AidOffer>;

/** What is asked for, where and when: as a request shows it and as it crosses to another county. */
const aidTerms = {
  competences: z.array(z.string()),
  languages: z.array(z.string()),
  anticipatedFunction: z.string(),
  specialRequirements: z.string(),
  place: z.string(),
  from: IsoDateTime,
  to: IsoDateTime,
};

export const AidRequest = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  organisationId: OrganisationId,
  countyCode: z.string(),
  quantity: z.number().int(),
  ...aidTerms,
  addressedTo: z.union([z.array(OrganisationId), z.literal("county")]),
  contact: AidContact.nullable(),
  /**
   * Made in another county's deployment and received over the national bus: its incident is not
   * here, and answers to it go back the same way.
   */
  remote: z.boolean(),
  createdAt: IsoDateTime,
  offers: z.array(AidOffer),
});
export type AidRequest = z.infer<typeof AidRequest>;

const aidEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  defineEvent({
    type,
    schemaVersion: 1,
    producer: "activation",
    data: z.object({ requestId: z.uuid(), incidentId: z.uuid(), ...shape }),
  });

export const MutualAidRequested = aidEvent("mutual-aid.requested", {
  quantity: z.number().int(),
  competences: z.array(z.string()),
  languages: z.array(z.string()),
  from: IsoDateTime,
  to: IsoDateTime,
  addressedTo: z.union([z.array(OrganisationId), z.literal("county")]),
});
export const MutualAidOffered = aidEvent("mutual-aid.offered", {
  offerId: z.uuid(),
  offeringOrganisationId: OrganisationId,
  quantity: z.number().int(),
});
export const MutualAidAccepted = aidEvent("mutual-aid.accepted", {
  offerId: z.uuid(),
  offeringOrganisationId: OrganisationId,
  quantity: z.number().int(),
});
export const MutualAidDeclined = aidEvent("mutual-aid.declined", {
  offerId: z.uuid(),
  offeringOrganisationId: OrganisationId,
});
export const MutualAidDeployed = aidEvent("mutual-aid.deployed", {
  offerId: z.uuid(),
  offeringOrganisationId: OrganisationId,
  personIds: z.array(z.string()),
});
export const MutualAidReleased = aidEvent("mutual-aid.released", {
  offerId: z.uuid(),
  offeringOrganisationId: OrganisationId,
  personIds: z.array(z.string()),
});
/**
 * How many people an organisation of another county's deployment has on site and released under
 * an offer, as it reported over the national bus (AidCrossCountyStaffing): the asker's county
 * picture shows them as it shows its own deployments. Counts only.
 */
export const MutualAidStaffingReported = aidEvent("mutual-aid.staffing-reported", {
  offerId: z.uuid(),
  offeringOrganisationId: OrganisationId,
  onSite: z.number().int().min(0),
  released: z.number().int().min(0),
});

// ---- between counties that run their own deployments (#23) ----

/**
 * What crosses between two counties' deployments, over the national hub (subjects.aid): the
 * request (how many, which competences, where and when, whom to call) and the answer (offered or
 * declined, how many, who leads), and the asker's acceptance. Never anything about affected
 * people. The envelope's organisation and county are the sender's; the receiver checks them
 * against the subject and against the request it holds.
 */
const crossCounty = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  defineEvent({
    type,
    schemaVersion: 1,
    producer: "activation",
    data: z.object({ requestId: z.uuid(), ...shape }),
  });

export const AidCrossCountyRequest = crossCounty("mutual-aid.cross-county-request", {
  incidentId: z.uuid(),
  /** Only the asked organisations of the receiving county. */
  addressedTo: z.array(OrganisationId).min(1).max(50),
  quantity: z.number().int().min(1),
  ...aidTerms,
  contact: AidContact,
});
export const AidCrossCountyAnswer = crossCounty("mutual-aid.cross-county-answer", {
  offerId: z.uuid(),
  decision: z.enum(["offered", "declined"]),
  quantity: z.number().int().min(0),
  note: z.string(),
  lead: AidContact.nullable(),
});
export const AidCrossCountyAccepted = crossCounty("mutual-aid.cross-county-accepted", {
  offerId: z.uuid(),
});
/**
 * The offering county tells the asker how many of the people it sent are on site and how many
 * have been released, after every deployment and release: counts and the time, never who. Each
 * message is the whole state, so a late or repeated one changes nothing (`asOf` decides).
 */
export const AidCrossCountyStaffing = crossCounty("mutual-aid.cross-county-staffing", {
  offerId: z.uuid(),
  onSite: z.number().int().min(0),
  released: z.number().int().min(0),
  asOf: IsoDateTime,
});
/**
 * The asker's work on the incident has ended (its ledningsgrupp activation closed): sent to each
 * county whose organisation made an accepted offer on the request, so that county offers its own
 * people who were sent a debrief (Laholm 3.7), with its own roster. Ids and the time, never who.
 */
export const AidCrossCountyWorkEnded = crossCounty("mutual-aid.cross-county-work-ended", {
  incidentId: z.uuid(),
  endedAt: IsoDateTime,
});

// ---- contacts with the region through its TIB ----

/**
 * What a municipality asks the region for (Halland: "Ibland behöver inte PKL aktiveras utan det kan
 * istället handla om enskilda kompetenser inom Region Halland, exempelvis från BUP (barn och
 * ungdomspsykiatri) eller vuxenpsykiatrin"): BUP, adult psychiatry, or PKL staff.
 */
export const RegionCompetence = z.enum(["bup", "adult-psychiatry", "pkl"]);
export type RegionCompetence = z.infer<typeof RegionCompetence>;

/**
 * Body of POST /region-requests: "Kontakter med Region Halland sker via TIB … Även då tas
 * kontakterna via TIB." The request goes to the region of the municipality's county, to its TIB.
 * The message is about the need, never about affected people (names stay in the municipality).
 */
export const RegionRequestBody = z.object({
  incidentId: z.uuid(),
  competence: RegionCompetence,
  quantity: z.number().int().min(1).max(100),
  message: z.string().trim().min(2).max(2000),
});
export type RegionRequestBody = z.input<typeof RegionRequestBody>;

/** Body of POST /region-requests/:id/answer: the TIB's answer. */
export const RegionAnswerBody = z.object({
  decision: z.enum(["will-send", "cannot"]),
  message: z.string().trim().min(2).max(2000),
});
export type RegionAnswerBody = z.input<typeof RegionAnswerBody>;

export const RegionRequest = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  incidentTitle: z.string(),
  organisationId: OrganisationId,
  regionId: OrganisationId,
  countyCode: z.string(),
  competence: RegionCompetence,
  quantity: z.number().int(),
  message: z.string(),
  createdAt: IsoDateTime,
  status: z.enum(["open", "answered"]),
  answer: z
    .object({
      decision: z.enum(["will-send", "cannot"]),
      message: z.string(),
      answeredAt: IsoDateTime,
    })
    .nullable(),
});
export type RegionRequest = z.infer<typeof RegionRequest>;

/** A municipality asked its region, through the TIB, for staff (ids and the kind only). */
export const RegionRequestMade = defineEvent({
  type: "region-request.made",
  schemaVersion: 1,
  producer: "activation",
  data: z.object({
    requestId: z.uuid(),
    incidentId: z.uuid(),
    regionId: OrganisationId,
    competence: RegionCompetence,
    quantity: z.number().int(),
  }),
});

/** The region's TIB answered a municipality's request. */
export const RegionRequestAnswered = defineEvent({
  type: "region-request.answered",
  schemaVersion: 1,
  producer: "activation",
  data: z.object({
    requestId: z.uuid(),
    incidentId: z.uuid(),
    organisationId: OrganisationId,
    decision: z.enum(["will-send", "cannot"]),
  }),
});
