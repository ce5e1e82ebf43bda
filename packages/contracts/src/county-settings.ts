import { z } from "zod";
import { CountyCode } from "./ids.ts";

/**
 * Numbers the guidelines do not give — distances, deadlines, retention, weights — are per-county
 * settings with defaults, shown as such (design: "Decisions that hold everywhere"). Each service
 * keeps the settings of the rules it enforces, per county, and uses the county's value; a county
 * that has set nothing gets the default. Länsstyrelsen's org-admin changes them for its county.
 * Every setting is a whole number; each schema gives its unit and bounds.
 */
const whole = (min: number, max: number) => z.number().int().min(min).max(max);

/** support-centres: where a centre may be placed and how long visitors' personal data is kept. */
export const SupportCentresCountySettings = z.object({
  /** A centre closer than this to the incident is refused ("i närområdet, dock inte i direkt anslutning"). */
  centreMinDistanceFromIncidentM: whole(0, 50_000),
  /** Visitors' personal data is deleted this many days after the centre closes (gallring). */
  visitorDataRetentionDays: whole(0, 3650),
});
export type SupportCentresCountySettings = z.infer<typeof SupportCentresCountySettings>;

/** reporting: when a municipality's first situation report is due. */
export const ReportingCountySettings = z.object({
  /** Before any report, the first is expected this many minutes after the incident. */
  firstSituationReportWithinMinutes: whole(10, 7 * 24 * 60),
});
export type ReportingCountySettings = z.infer<typeof ReportingCountySettings>;

/** The readiness criteria whose points are weighted; the weights sum to 100. */
export const readinessWeightKeys = [
  "readinessWeightSupportPersons",
  "readinessWeightWorkplaces",
  "readinessWeightSpread",
  "readinessWeightTrained",
  "readinessWeightCoordinator",
  "readinessWeightManagementSize",
  "readinessWeightCompetence",
  "readinessWeightCallListReview",
] as const;
export type ReadinessWeightKey = (typeof readinessWeightKeys)[number];

/** roster: how readiness is scored and how often the call list must be reviewed. */
export const RosterCountySettings = z.object({
  /** The call list counts as reviewed for this many months ("hålla larmlistor aktuella"). */
  callListReviewMonths: whole(1, 36),
  ...(Object.fromEntries(readinessWeightKeys.map((key) => [key, whole(0, 100)])) as Record<
    ReadinessWeightKey,
    ReturnType<typeof whole>
  >),
});
export type RosterCountySettings = z.infer<typeof RosterCountySettings>;

/** One setting as a county sees it: its value, the default, and that it is local, not the guideline's. */
export const CountySetting = z.object({
  key: z.string(),
  value: z.number(),
  default: z.number(),
  /** Always "local": none of these numbers comes from the guideline, so the screen says so. */
  source: z.literal("local"),
});
export type CountySetting = z.infer<typeof CountySetting>;

/** GET /county-settings/:countyCode of a service. */
export const CountySettingsView = z.object({
  service: z.enum(["roster", "support-centres", "reporting"]),
  countyCode: CountyCode,
  settings: z.array(CountySetting),
  /** The last change for the county, or null while it uses every default. */
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type CountySettingsView = z.infer<typeof CountySettingsView>;
