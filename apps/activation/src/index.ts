export type { ActivationApp } from "./app.ts";
export { activationService } from "./service.ts";
