export type { RosterApp } from "./app.ts";
export { rosterPolicy } from "./policy.ts";
export { computeReadiness, type ReadinessInput } from "./readiness/compute.ts";
export { createRosterService, type RosterServiceOptions, rosterService } from "./service.ts";
export { type ImportLimits, importLimitsFromEnv } from "./transfer/limits.ts";
