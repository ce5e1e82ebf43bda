import { type Environment, parseEnv, serviceEnv } from "@krisstod/config";
import { z } from "zod";

/**
 * The reporting service's own settings: none yet. Kept so that reporting has the shape of the
 * others (a setting of its own goes here, and main.ts and createReportingService pick it up).
 */
export const reportingSettings = z.object({});
export type ReportingSettings = z.infer<typeof reportingSettings>;

/** What main.ts validates at start: the variables every service reads, and these. */
export const reportingEnv = serviceEnv.extend(reportingSettings.shape);

/** The service's own settings from `environment` (unset: the defaults); throws ConfigError naming a bad one. */
export function reportingSettingsFrom(environment: Environment = {}): ReportingSettings {
  return parseEnv(reportingSettings, environment);
}
