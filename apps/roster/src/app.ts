import { auditReviewRoutes } from "@krisstod/audit/review";
import type { AuthEnv } from "@krisstod/auth";
import { createGuardedApp, type ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { actionPlanRoutes } from "./action-plans/action-plans.ts";
import { audit } from "./db/schema.ts";
import { networkMeetingRoutes } from "./network/network-meetings.routes.ts";
import { organisationRoutes } from "./organisations/organisations.routes.ts";
import { callListRoutes } from "./people/call-lists.routes.ts";
import { organisationPeopleRoutes, peopleRoutes } from "./people/people.routes.ts";
import { rosterPolicy } from "./policy.ts";
import { rosterCountySettings } from "./readiness/county-settings.ts";
import { organisationReadinessRoutes, readinessRoutes } from "./readiness/readiness.routes.ts";
import {
  competenceProfileRoutes,
  organisationTrainingRoutes,
  trainingRoutes,
} from "./trainings/trainings.routes.ts";
import { type ImportLimits, importLimitsFromEnv } from "./transfer/limits.ts";

/** Every route of the service, each declared with its action (see policy.ts `route`). */
export function rosterApi(context: ServiceContext, limits: ImportLimits) {
  return new Hono<AuthEnv>()
    .route("/organisations", organisationRoutes(context))
    .route("/organisations", organisationPeopleRoutes(context))
    .route("/organisations", callListRoutes(context, limits))
    .route("/organisations", actionPlanRoutes(context))
    .route("/organisations", organisationTrainingRoutes(context))
    .route("/organisations", organisationReadinessRoutes(context))
    .route("/people", peopleRoutes(context))
    .route("/trainings", trainingRoutes(context))
    .route("/competence-profiles", competenceProfileRoutes())
    .route("/readiness", readinessRoutes(context))
    .route("/network-meetings", networkMeetingRoutes(context))
    .route("/county-settings", rosterCountySettings(context.outbox).routes(context.database.db))
    .route("/audit", auditReviewRoutes(context.database.db, audit, context.audit));
}
/** The routes' types, for a typed client (`hc<RosterApp>`). */
export type RosterApp = ReturnType<typeof rosterApi>;

/**
 * The service: the guard (401 / 403, fail closed) over the routes; /healthz, /readyz and
 * /openapi.json stay open. The roster is personal data throughout: createServiceApp marks every
 * answer no-store.
 */
export function createApp(context: ServiceContext, limits: ImportLimits = importLimitsFromEnv()) {
  return createGuardedApp(context, {
    service: "roster",
    title: "Krisstöd roster",
    description: "Organisations, people, call lists (larmlistor), trainings, competences and readiness.",
    policy: rosterPolicy,
    api: rosterApi(context, limits),
    // The largest body is a call-list import; a Content-Length above its limit is refused at once.
    maxBodyBytes: Math.max(1024 * 1024, limits.maxBytes),
  });
}
