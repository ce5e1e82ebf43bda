import { createServiceApp } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { identify, type PrincipalEnv } from "./auth/identify.ts";
import { centreRoutes, templateRoutes } from "./centres/centres.routes.ts";
import { reunificationRoutes } from "./reunification/reunification.routes.ts";
import type { SupportCentresSettings } from "./settings.ts";
import { visitorRoutes } from "./visitors/visitors.routes.ts";

export function createApp(context: ServiceContext, settings: SupportCentresSettings) {
  // Who is acting is decided in one place; /healthz and /readyz of the base app stay open.
  const api = new Hono<PrincipalEnv>()
    .use("/centre-templates/*", identify())
    .use("/centres/*", identify())
    .use("/reunification/*", identify())
    .route("/centre-templates", templateRoutes(context))
    .route("/centres/:id/visitors", visitorRoutes(context))
    .route("/centres", centreRoutes(context, settings))
    .route("/reunification", reunificationRoutes(context));
  return createServiceApp({
    service: "support-centres",
    logger: context.logger,
    readiness: context.readiness,
  }).route("/", api);
}
export type SupportCentresApp = ReturnType<typeof createApp>;
