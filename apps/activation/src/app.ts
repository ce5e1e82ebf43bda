import { createServiceApp } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { incidentRoutes } from "./incidents/incidents.routes.ts";

export function createApp(context: ServiceContext) {
  return createServiceApp({
    service: "activation",
    logger: context.logger,
    readiness: context.readiness,
  }).route("/incidents", incidentRoutes(context));
}
export type ActivationApp = ReturnType<typeof createApp>;
