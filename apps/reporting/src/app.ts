import { auditReviewRoutes } from "@krisstod/audit/review";
import type { AuthEnv } from "@krisstod/auth";
import { type AppEnv, createServiceApp } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { policy, routeTable } from "./access.ts";
import { afterActionRoutes } from "./after-action/after-action.routes.ts";
import { reportingCountySettings } from "./county-settings.ts";
import { audit } from "./db/schema.ts";
import { exportRoutes } from "./exports/exports.routes.ts";
import { faithCommunityRoutes } from "./faith-communities/faith-communities.routes.ts";
import { logbookRoutes } from "./logbooks/logbooks.routes.ts";
import type { FeedHub } from "./picture/feed-hub.ts";
import { pictureRoutes } from "./picture/picture.routes.ts";
import { crisisManagementRoutes } from "./reports/crisis-management.ts";
import { situationReportRoutes } from "./reports/situation-reports.routes.ts";

/** Every route of the service, behind the one guard (CORS, token, role per the policy table). */
function reportingRoutes(context: ServiceContext, hub: FeedHub) {
  return new Hono<AuthEnv>()
    .use(context.guard(policy, routeTable))
    .route("/", pictureRoutes(context.database.db, hub, context.metrics.sse()))
    .route("/", situationReportRoutes(context))
    .route("/", crisisManagementRoutes(context))
    .route("/", logbookRoutes(context))
    .route("/", afterActionRoutes(context))
    .route("/", exportRoutes(context))
    .route("/", faithCommunityRoutes(context))
    .route("/county-settings", reportingCountySettings.routes(context.database.db))
    .route("/audit", auditReviewRoutes(context.database.db, audit, context.audit));
}
export type ReportingApp = ReturnType<typeof reportingRoutes>;

export function createApp(context: ServiceContext, hub: FeedHub): Hono<AppEnv> {
  const routes = reportingRoutes(context, hub);
  // AuthEnv only adds `principal` to AppEnv's variables; Hono's env types are invariant, so the
  // routes are mounted through this one cast. /healthz and /readyz stay outside the guard.
  return createServiceApp({
    service: "reporting",
    logger: context.logger,
    readiness: context.readiness,
    metrics: context.metrics.http,
  }).route("/", routes as unknown as Hono<AppEnv>);
}
