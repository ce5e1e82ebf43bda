import { ReportingCountySettings } from "@krisstod/contracts";
import { type CountySettings, countySettings } from "@krisstod/runtime/county-settings";
import { audit, countySettingsRows } from "./db/schema.ts";

/**
 * Halland: "vid extraordinära händelser ska kommunerna lämna lägesrapporter" — but not when the
 * first is due. Before an organisation's first report there is no `nextReportDue` to go by, so the
 * first is expected this long after the incident occurred: the county's setting, two hours unless
 * Länsstyrelsen set another (it usually asks for one within hours).
 */
export const reportingCountyDefaults: ReportingCountySettings = { firstSituationReportWithinMinutes: 120 };

export const reportingCountySettings: CountySettings<ReportingCountySettings> = countySettings({
  service: "reporting",
  table: countySettingsRows,
  schema: ReportingCountySettings,
  defaults: reportingCountyDefaults,
  audit,
});
