import { SupportCentresCountySettings } from "@krisstod/contracts";
import { type CountySettings, countySettings } from "@krisstod/runtime/county-settings";
import { audit, countySettingsRows } from "./db/schema.ts";
import type { SupportCentresSettings } from "./env.ts";

export type CentresCountySettings = CountySettings<SupportCentresCountySettings>;

/**
 * The per-county settings of this service's rules (numbers the guideline does not give: how far
 * from the scene, how long visitors' data is kept), with the environment's values as defaults.
 */
export function centresCountySettings(settings: SupportCentresSettings): CentresCountySettings {
  return countySettings({
    service: "support-centres",
    table: countySettingsRows,
    schema: SupportCentresCountySettings,
    defaults: {
      centreMinDistanceFromIncidentM: settings.CENTRE_MIN_DISTANCE_FROM_INCIDENT_M,
      visitorDataRetentionDays: settings.VISITOR_DATA_RETENTION_DAYS,
    },
    audit,
  });
}
