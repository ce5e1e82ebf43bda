import { auditReviewRoutes } from "@krisstod/audit/review";
import type { AuthEnv } from "@krisstod/auth";
import { createGuardedApp, type ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { centreRoutes, templateRoutes } from "./centres/centres.routes.ts";
import { centresCountySettings } from "./county-settings.ts";
import { audit } from "./db/schema.ts";
import type { SupportCentresSettings } from "./env.ts";
import { followUpRoutes } from "./followup/followup.routes.ts";
import { languageNeedsRoutes } from "./language/language.routes.ts";
import { natsRosterLanguages, type RosterLanguages } from "./language/roster-languages.ts";
import { supportCentresPolicy } from "./policy.ts";
import { reunificationRoutes } from "./reunification/reunification.routes.ts";
import { createArrivalRecorder } from "./visitors/arrival.ts";
import { phoneContactRoutes, visitorRoutes } from "./visitors/visitors.routes.ts";

export interface AppOptions {
  settings: SupportCentresSettings;
  /** Default: asked of roster over NATS. */
  roster?: RosterLanguages;
}

/** Every route of the service, each declared with its action (see policy.ts `route`). */
export function supportCentresApi(context: ServiceContext, options: AppOptions) {
  const roster = options.roster ?? natsRosterLanguages(context);
  const county = centresCountySettings(options.settings);
  // One recorder for visits and phone contacts: their arrivals share one group commit.
  const recordArrival = createArrivalRecorder(context.database);
  return new Hono<AuthEnv>()
    .route("/centre-templates", templateRoutes(context))
    .route("/centres/:id/visitors", visitorRoutes(context, roster, recordArrival))
    .route("/centres/:id/language-needs", languageNeedsRoutes(context, roster))
    .route("/centres/:id/phone-contacts", phoneContactRoutes(recordArrival))
    .route("/centres", centreRoutes(context, options.settings, county))
    .route("/county-settings", county.routes(context.database.db))
    .route("/reunification", reunificationRoutes(context))
    .route("/follow-up", followUpRoutes(context))
    .route("/audit", auditReviewRoutes(context.database.db, audit, context.audit));
}
/** The routes' types, for a typed client (`hc<SupportCentresApp>`). */
export type SupportCentresApp = ReturnType<typeof supportCentresApi>;

/** The service: the guard (401 / 403, fail closed) over the routes; /healthz, /readyz and /openapi.json stay open. */
export function createApp(context: ServiceContext, options: AppOptions) {
  return createGuardedApp(context, {
    service: "support-centres",
    title: "Krisstöd support centres",
    description: "Support centres (stödcentrum): opening, staffing, visitors and reunification.",
    policy: supportCentresPolicy,
    api: supportCentresApi(context, options),
  });
}
