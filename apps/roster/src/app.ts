import { auditReviewRoutes } from "@krisstod/audit/review";
import { createServiceApp } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { audit } from "./db/schema.ts";
import { organisationRoutes } from "./organisations/organisations.routes.ts";
import { callListRoutes } from "./people/call-lists.routes.ts";
import { organisationPeopleRoutes, peopleRoutes } from "./people/people.routes.ts";
import { rosterPolicy, rosterRoutes } from "./policy.ts";
import { organisationReadinessRoutes, readinessRoutes } from "./readiness/readiness.routes.ts";
import {
  competenceProfileRoutes,
  organisationTrainingRoutes,
  trainingRoutes,
} from "./trainings/trainings.routes.ts";
import { type ImportLimits, importLimitsFromEnv } from "./transfer/limits.ts";

export function createApp(context: ServiceContext, limits: ImportLimits = importLimitsFromEnv()) {
  // The largest body is a call-list import; a Content-Length above its limit is refused at once.
  const app = createServiceApp({
    service: "roster",
    logger: context.logger,
    readiness: context.readiness,
    metrics: context.metrics.http,
    maxBodyBytes: Math.max(1024 * 1024, limits.maxBytes),
  });
  app.use(context.guard(rosterPolicy, rosterRoutes));
  // The roster is personal data throughout: createServiceApp marks every answer no-store.
  return app
    .route("/organisations", organisationRoutes(context))
    .route("/organisations", organisationPeopleRoutes(context))
    .route("/organisations", callListRoutes(context, limits))
    .route("/organisations", organisationTrainingRoutes(context))
    .route("/organisations", organisationReadinessRoutes(context))
    .route("/people", peopleRoutes(context))
    .route("/trainings", trainingRoutes(context))
    .route("/competence-profiles", competenceProfileRoutes())
    .route("/readiness", readinessRoutes(context))
    .route("/audit", auditReviewRoutes(context.database.db, audit, context.audit));
}
export type RosterApp = ReturnType<typeof createApp>;
