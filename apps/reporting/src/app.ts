import { type AuthEnv, guardRoutes, type TokenVerifier } from "@krisstod/auth";
import { type AppEnv, createServiceApp } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { policy, routeTable } from "./access.ts";
import { afterActionRoutes } from "./after-action/after-action.routes.ts";
import { logbookRoutes } from "./logbooks/logbooks.routes.ts";
import type { FeedHub } from "./picture/feed-hub.ts";
import { pictureRoutes } from "./picture/picture.routes.ts";
import { situationReportRoutes } from "./reports/situation-reports.routes.ts";

export interface AppOptions {
  /**
   * Verifies access tokens. Without one (development without an issuer, the older end-to-end
   * tests) every route is open and the organisation named in the request acts.
   */
  verifier?: TokenVerifier | undefined;
}

/** Every route of the service, behind the one guard when a verifier is given. */
function reportingRoutes(context: ServiceContext, hub: FeedHub, options: AppOptions) {
  const api = new Hono<AuthEnv>();
  if (options.verifier) api.use(guardRoutes(options.verifier, policy, routeTable));
  return api
    .route("/", pictureRoutes(context.database.db, hub))
    .route("/", situationReportRoutes(context))
    .route("/", logbookRoutes(context))
    .route("/", afterActionRoutes(context));
}
export type ReportingApp = ReturnType<typeof reportingRoutes>;

export function createApp(context: ServiceContext, hub: FeedHub, options: AppOptions = {}): Hono<AppEnv> {
  const routes = reportingRoutes(context, hub, options);
  // AuthEnv only adds `principal` to AppEnv's variables; Hono's env types are invariant, so the
  // routes are mounted through this one cast.
  return createServiceApp({
    service: "reporting",
    logger: context.logger,
    readiness: context.readiness,
  }).route("/", routes as unknown as Hono<AppEnv>);
}
