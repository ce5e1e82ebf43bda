export type { ActivationApp } from "./app.ts";
export { policy as activationPolicy } from "./policy.ts";
export { activationService, createActivationService } from "./service.ts";
