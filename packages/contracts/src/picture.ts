import { z } from "zod";
import { ActivationStatus, CallOutCounts } from "./activations.ts";
import { CountyCode, IsoDateTime, OrganisationId } from "./ids.ts";
import { Incident, Location } from "./incidents.ts";
import { ReadinessGapCode, ReadinessLevel, RosterGroup } from "./roster.ts";
import { CentreOperator, CentreStatus, SuppressedCentreCounts } from "./support-centres.ts";

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
  extraordinarySince: true,
  exercise: true,
  status: true,
}).extend({
  /**
   * The municipality's crisis management organisation is activated: POSOM works under it
   * (Laholm 3.1 "POSOM är underordnad denna"). Absent on projections from before it was shown.
   */
  crisisManagementActivated: z.boolean().optional(),
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

// ---- further sections (additive: optional in the picture, their own SSE event name) ----

/** An activation under way and its call-out answer counts (support persons, not affected people). */
export const PictureActivation = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  organisationId: OrganisationId,
  countyCode: CountyCode,
  group: RosterGroup,
  status: ActivationStatus,
  decidedAt: IsoDateTime,
  needed: z.number().int(),
  counts: CallOutCounts,
  parentActivationId: z.uuid().nullable(),
  fallbackForActivationId: z.uuid().nullable(),
  /** Neighbours offered when the group could not be reached. */
  fallbackOffered: z.array(OrganisationId),
  /** Part of an exercise (övning); absent from projections made before exercises. */
  exercise: z.boolean().optional(),
  /**
   * The incident's county when it is not the deciding organisation's: a neighbour's group called
   * across the border (Laholm → Båstad). Both counties' pictures then show it, counts only.
   */
  incidentCountyCode: CountyCode.optional(),
});
export type PictureActivation = z.infer<typeof PictureActivation>;

/**
 * One mutual-aid request and how it is answered: who offered, what the asker accepted, how many
 * people are out now. Shown in the picture of every county involved (a request may cross a county
 * border, e.g. Laholm and Båstad).
 */
export const PictureMutualAid = z.object({
  requestId: z.uuid(),
  incidentId: z.uuid(),
  requestingOrganisationId: OrganisationId,
  /** The requester's county; `counties` lists every county involved. */
  countyCode: CountyCode,
  counties: z.array(CountyCode),
  quantity: z.number().int(),
  competences: z.array(z.string()),
  languages: z.array(z.string()),
  from: IsoDateTime,
  to: IsoDateTime,
  addressedTo: z.union([z.array(OrganisationId), z.literal("county")]),
  offers: z.array(
    z.object({
      offerId: z.uuid(),
      organisationId: OrganisationId,
      quantity: z.number().int(),
      accepted: z.boolean(),
      /** People deployed and not yet released. */
      deployed: z.number().int(),
      released: z.number().int(),
    }),
  ),
});
export type PictureMutualAid = z.infer<typeof PictureMutualAid>;

/** An open support centre with occupancy; counts below 5 are "<5" (the picture is seen county-wide). */
export const PictureSupportCentre = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  countyCode: CountyCode,
  operator: CentreOperator,
  operatorOrganisationIds: z.array(OrganisationId),
  name: z.string(),
  location: Location,
  capacity: z.number().int(),
  status: CentreStatus,
  counts: SuppressedCentreCounts,
  /** The tick of the centre's occupancy clock the counts are of; absent before its first publication. */
  countsAsOf: IsoDateTime.optional(),
  openedAt: IsoDateTime.nullable(),
});
export type PictureSupportCentre = z.infer<typeof PictureSupportCentre>;

/** One municipality's (or region's) readiness, as the roster last computed it. */
export const PictureReadiness = z.object({
  organisationId: OrganisationId,
  countyCode: CountyCode,
  level: ReadinessLevel,
  score: z.number().int(),
  gaps: z.array(ReadinessGapCode),
  updatedAt: IsoDateTime,
});
export type PictureReadiness = z.infer<typeof PictureReadiness>;

/** The latest situation report of one organisation on one incident (no text: that is in /situation-reports). */
export const PictureSituationReport = z.object({
  incidentId: z.uuid(),
  organisationId: OrganisationId,
  countyCode: CountyCode,
  version: z.number().int().positive(),
  submittedAt: IsoDateTime,
  nextReportDue: IsoDateTime.nullable(),
});
export type PictureSituationReport = z.infer<typeof PictureSituationReport>;

/** GET /picture with every section; the sections are optional so older readers keep working. */
export const FullRegionalPicture = RegionalPicture.extend({
  activations: z.array(PictureActivation).optional(),
  mutualAid: z.array(PictureMutualAid).optional(),
  supportCentres: z.array(PictureSupportCentre).optional(),
  readiness: z.array(PictureReadiness).optional(),
  situationReports: z.array(PictureSituationReport).optional(),
});
export type FullRegionalPicture = z.infer<typeof FullRegionalPicture>;

/**
 * Changes of the further sections. They go out as SSE `event: section` (and a rebuild as
 * `event: reset`, telling the client to fetch /picture again), so a client that only handles
 * `event: change` with {@link PictureChange} is unaffected.
 */
export const PictureSectionChange = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("activation.upserted"), activation: PictureActivation }),
  z.object({ kind: z.literal("mutual-aid.upserted"), mutualAid: PictureMutualAid }),
  z.object({ kind: z.literal("support-centre.upserted"), centre: PictureSupportCentre }),
  z.object({ kind: z.literal("readiness.upserted"), readiness: PictureReadiness }),
  z.object({ kind: z.literal("situation-report.upserted"), report: PictureSituationReport }),
  z.object({ kind: z.literal("picture.rebuilt"), countyCode: CountyCode }),
]);
export type PictureSectionChange = z.infer<typeof PictureSectionChange>;

/** The SSE event name each feed entry is sent under. */
export const pictureStreamEvent = (
  change: PictureChange | PictureSectionChange,
): "change" | "section" | "reset" =>
  change.kind === "incident.upserted" ? "change" : change.kind === "picture.rebuilt" ? "reset" : "section";
