export type { ActivationApp } from "./app.ts";
export { activationService, createActivationService } from "./service.ts";
