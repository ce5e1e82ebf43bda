import { auditReviewRoutes } from "@krisstod/audit/review";
import { createServiceApp } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { centreRoutes, templateRoutes } from "./centres/centres.routes.ts";
import { audit } from "./db/schema.ts";
import type { SupportCentresSettings } from "./env.ts";
import { followUpRoutes } from "./followup/followup.routes.ts";
import { languageNeedsRoutes } from "./language/language.routes.ts";
import { natsRosterLanguages, type RosterLanguages } from "./language/roster-languages.ts";
import { supportCentresPolicy, supportCentresRoutes } from "./policy.ts";
import { reunificationRoutes } from "./reunification/reunification.routes.ts";
import { phoneContactRoutes, visitorRoutes } from "./visitors/visitors.routes.ts";

export interface AppOptions {
  settings: SupportCentresSettings;
  /** Default: asked of roster over NATS. */
  roster?: RosterLanguages;
}

export function createApp(context: ServiceContext, options: AppOptions) {
  const app = createServiceApp({
    service: "support-centres",
    logger: context.logger,
    readiness: context.readiness,
    metrics: context.metrics.http,
  });
  // The one guard: every request below is authenticated and its role checked against the policy
  // table (401 / 403, fail closed); /healthz and /readyz above stay open.
  app.use(context.guard(supportCentresPolicy, supportCentresRoutes));
  const roster = options.roster ?? natsRosterLanguages(context);
  return app
    .route("/centre-templates", templateRoutes(context))
    .route("/centres/:id/visitors", visitorRoutes(context, roster))
    .route("/centres/:id/language-needs", languageNeedsRoutes(context, roster))
    .route("/centres/:id/phone-contacts", phoneContactRoutes(context))
    .route("/centres", centreRoutes(context, options.settings))
    .route("/reunification", reunificationRoutes(context))
    .route("/follow-up", followUpRoutes(context))
    .route("/audit", auditReviewRoutes(context.database.db, audit, context.audit));
}
export type SupportCentresApp = ReturnType<typeof createApp>;
