import { type Environment, parseEnv, serviceEnv } from "@krisstod/config";
import { z } from "zod";

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:mm");

/** The support-centres service's own settings (beside the variables every service reads). */
export const supportCentresSettings = z.object({
  /**
   * A centre closer than this to the incident location is refused ("not at the scene"). The
   * default of the county setting `centreMinDistanceFromIncidentM`: the guideline gives no number.
   */
  CENTRE_MIN_DISTANCE_FROM_INCIDENT_M: z.coerce.number().min(0).max(50_000).default(300),
  /** Ordinary working hours on weekdays, local time; time outside them is marked on shifts. */
  ORDINARY_HOURS_START: clock.default("08:00"),
  ORDINARY_HOURS_END: clock.default("17:00"),
  TIME_ZONE: z.string().default("Europe/Stockholm"),
  /**
   * Visitors' personal data is deleted this many days after the centre closes; counts remain. The
   * default of the county setting `visitorDataRetentionDays`: the guideline gives no number.
   */
  VISITOR_DATA_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  /**
   * Every centre's occupancy goes to other organisations on this clock, with the counts of that
   * moment, never with the change itself: the receiver must not learn how many arrivals and
   * departures lie between two publications (docs/suppression.md). Tests set it short.
   */
  OCCUPANCY_PUBLISH_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
});
export type SupportCentresSettings = z.infer<typeof supportCentresSettings>;

/** What main.ts validates at start: the variables every service reads, and these. */
export const supportCentresEnv = serviceEnv.extend(supportCentresSettings.shape);

/** The service's own settings from `environment` (unset: the defaults); throws ConfigError naming a bad one. */
export function supportCentresSettingsFrom(environment: Environment = {}): SupportCentresSettings {
  return parseEnv(supportCentresSettings, environment);
}

export const defaultSettings: SupportCentresSettings = supportCentresSettingsFrom();
