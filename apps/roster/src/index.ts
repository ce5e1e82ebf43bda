export type { RosterApp } from "./app.ts";
export { createRosterService, type RosterServiceOptions, rosterService } from "./service.ts";
export { type ImportLimits, importLimitsFromEnv } from "./transfer/limits.ts";
