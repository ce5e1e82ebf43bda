export type { SupportCentresApp } from "./app.ts";
export { supportCentresPolicy } from "./policy.ts";
export { createSupportCentresService, supportCentresService } from "./service.ts";
export { type SupportCentresSettings, supportCentresEnv } from "./settings.ts";
