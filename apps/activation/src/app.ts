import { auditReviewRoutes } from "@krisstod/audit/review";
import { createServiceApp } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { activationRoutes } from "./activations/activations.routes.ts";
import { answerRoutes } from "./activations/answers.routes.ts";
import { myRoutes } from "./activations/mine.routes.ts";
import { audit } from "./db/schema.ts";
import { devOutboxRoutes } from "./dev-outbox/dev-outbox.routes.ts";
import { activationSettingsFrom } from "./env.ts";
import { incidentRoutes } from "./incidents/incidents.routes.ts";
import { mutualAidRoutes } from "./mutual-aid/mutual-aid.routes.ts";
import { type ActivationParts, partsFor } from "./parts.ts";
import { policy, routes } from "./policy.ts";

export function createApp(
  context: ServiceContext,
  parts: ActivationParts = partsFor(context, activationSettingsFrom()),
) {
  const app = createServiceApp({
    service: "activation",
    logger: context.logger,
    readiness: context.readiness,
    metrics: context.metrics.http,
  });
  // The one guard (CORS, token, role per the policy table; fail closed for routes without a rule).
  // Installed after createServiceApp so /healthz and /readyz above it stay open.
  app.use(context.guard(policy, routes));
  return app
    .route("/incidents", incidentRoutes(context, parts))
    .route("/activations", activationRoutes(context, parts))
    .route("/call-outs", answerRoutes(context, parts))
    .route("/me", myRoutes(context, parts))
    .route("/mutual-aid", mutualAidRoutes(context))
    .route("/dev/outbox", devOutboxRoutes(context))
    .route("/audit", auditReviewRoutes(context.database.db, audit, context.audit));
}
export type ActivationApp = ReturnType<typeof createApp>;
