export type { SupportCentresApp } from "./app.ts";
export { defineSupportCentresService, supportCentresService } from "./service.ts";
export { type SupportCentresSettings, supportCentresEnv } from "./settings.ts";
