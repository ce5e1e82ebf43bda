import { auditReviewRoutes } from "@krisstod/audit/review";
import type { AuthEnv } from "@krisstod/auth";
import type { AppEnv } from "@krisstod/http";
import { createGuardedApp, type ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { policy } from "./access.ts";
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

/** Every route of the service, each declared with its action (see access.ts `route`). */
export function reportingApi(context: ServiceContext, hub: FeedHub) {
  return new Hono<AuthEnv>()
    .route("/", pictureRoutes(hub, context.metrics.sse(), context.logger))
    .route("/", situationReportRoutes(context))
    .route("/", crisisManagementRoutes(context))
    .route("/", logbookRoutes(context))
    .route("/", afterActionRoutes(context))
    .route("/", exportRoutes(context))
    .route("/", faithCommunityRoutes(context))
    .route("/county-settings", reportingCountySettings.routes(context.database.db))
    .route("/audit", auditReviewRoutes(context.database.db, audit, context.audit));
}
/** The routes' types, for a typed client (`hc<ReportingApp>`). */
export type ReportingApp = ReturnType<typeof reportingApi>;

/** The service: the guard (401 / 403, fail closed) over the routes; /healthz, /readyz and /openapi.json stay open. */
export function createApp(context: ServiceContext, hub: FeedHub): Hono<AppEnv> {
  return createGuardedApp(context, {
    service: "reporting",
    title: "Krisstöd reporting",
    description:
      "The regional picture (live), situation reports, logbooks, the work after an activation, statistics, exports and faith communities.",
    policy,
    api: reportingApi(context, hub),
  });
}
