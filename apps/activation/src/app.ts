import { createServiceApp } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { activationRoutes } from "./activations/activations.routes.ts";
import { answerRoutes } from "./activations/answers.routes.ts";
import { devOutboxRoutes } from "./dev-outbox/dev-outbox.routes.ts";
import { loadActivationEnv } from "./env.ts";
import { incidentRoutes } from "./incidents/incidents.routes.ts";
import { mutualAidRoutes } from "./mutual-aid/mutual-aid.routes.ts";
import { type ActivationParts, partsFor } from "./parts.ts";

export function createApp(
  context: ServiceContext,
  parts: ActivationParts = partsFor(context, loadActivationEnv()),
) {
  return createServiceApp({
    service: "activation",
    logger: context.logger,
    readiness: context.readiness,
  })
    .route("/incidents", incidentRoutes(context))
    .route("/activations", activationRoutes(context, parts))
    .route("/call-outs", answerRoutes(context, parts))
    .route("/mutual-aid", mutualAidRoutes(context))
    .route("/dev/outbox", devOutboxRoutes(context));
}
export type ActivationApp = ReturnType<typeof createApp>;
