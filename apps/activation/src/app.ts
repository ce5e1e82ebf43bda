import { auditReviewRoutes } from "@krisstod/audit/review";
import type { AuthEnv } from "@krisstod/auth";
import { createGuardedApp, type ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { activationRoutes } from "./activations/activations.routes.ts";
import { answerRoutes } from "./activations/answers.routes.ts";
import { myRoutes } from "./activations/mine.routes.ts";
import { audit } from "./db/schema.ts";
import { devOutboxRoutes } from "./dev-outbox/dev-outbox.routes.ts";
import { faithRequestRoutes } from "./faith-requests/faith-requests.routes.ts";
import { incidentRoutes } from "./incidents/incidents.routes.ts";
import { mutualAidRoutes } from "./mutual-aid/mutual-aid.routes.ts";
import type { ActivationParts } from "./parts.ts";
import { policy } from "./policy.ts";
import { regionRequestRoutes } from "./region-requests/region-requests.routes.ts";

/** Every route of the service, each declared with its action (see policy.ts `route`). */
export function activationApi(context: ServiceContext, parts: ActivationParts) {
  return new Hono<AuthEnv>()
    .route("/incidents", incidentRoutes(context, parts))
    .route("/activations", activationRoutes(context, parts))
    .route("/call-outs", answerRoutes(context, parts))
    .route("/me", myRoutes(context, parts))
    .route("/mutual-aid", mutualAidRoutes(context, parts))
    .route("/region-requests", regionRequestRoutes(context))
    .route("/faith-requests", faithRequestRoutes(context))
    .route("/dev/outbox", devOutboxRoutes(context))
    .route("/audit", auditReviewRoutes(context.database.db, audit, context.audit));
}
/** The routes' types, for a typed client (`hc<ActivationApp>`). */
export type ActivationApp = ReturnType<typeof activationApi>;

/** The service: the guard (401 / 403, fail closed) over the routes; /healthz, /readyz and /openapi.json stay open. */
export function createApp(context: ServiceContext, parts: ActivationParts) {
  return createGuardedApp(context, {
    service: "activation",
    title: "Krisstöd activation",
    description:
      "Incidents, activations and call-outs (answered by signed links), mutual aid between organisations.",
    policy,
    api: activationApi(context, parts),
  });
}
