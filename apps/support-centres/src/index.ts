export type { SupportCentresApp } from "./app.ts";
/** One tick of the occupancy clock, for tests and tools that drive the ticks themselves. */
export { publishOccupancy } from "./centres/occupancy-clock.ts";
export { type SupportCentresSettings, supportCentresEnv, supportCentresSettings } from "./env.ts";
export { supportCentresPolicy } from "./policy.ts";
export { createSupportCentresService, supportCentresService } from "./service.ts";
