export type { SupportCentresApp } from "./app.ts";
export { type SupportCentresSettings, supportCentresEnv, supportCentresSettings } from "./env.ts";
export { supportCentresPolicy } from "./policy.ts";
export { createSupportCentresService, supportCentresService } from "./service.ts";
