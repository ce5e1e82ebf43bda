export type { ActivationApp } from "./app.ts";
export { activationService, createActivationService } from "./service.ts";
export { policy as activationPolicy } from "./policy.ts";
