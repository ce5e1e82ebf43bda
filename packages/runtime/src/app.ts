import { type OpenApiInfo, openApiDocument, type Policy, type RoutedApp } from "@krisstod/auth";
import { type AppEnv, createServiceApp, type FetchApp } from "@krisstod/http";
import type { Hono } from "hono";
import type { ServiceContext } from "./index.ts";

export interface GuardedAppOptions<Action extends string> extends OpenApiInfo {
  service: string;
  policy: Policy<Action>;
  /** Every route of the service, each declared with its action (`routeDeclarer(policy)`). */
  api: RoutedApp & FetchApp;
  maxBodyBytes?: number;
}

/**
 * A service's whole app: the shared shell (health, readiness, `GET /openapi.json`, in development
 * `GET /reference`), the one guard over the route table derived from `api`, then `api` itself. The
 * OpenAPI document is generated from this same app, so it lists exactly the routes served.
 */
export function createGuardedApp<Action extends string>(
  context: ServiceContext,
  options: GuardedAppOptions<Action>,
): Hono<AppEnv> {
  const { policy, api } = options;
  const app = createServiceApp({
    service: options.service,
    logger: context.logger,
    readiness: context.readiness,
    metrics: context.metrics.http,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    openapi: {
      document: () =>
        openApiDocument(app, policy, {
          title: options.title,
          ...(options.description ? { description: options.description } : {}),
          ...(options.version ? { version: options.version } : {}),
        }),
      reference: context.env.NODE_ENV !== "production",
    },
  });
  app.use(context.guard(policy, api));
  // AuthEnv only adds `principal` to AppEnv's variables; Hono's env types are invariant.
  return app.route("/", api as unknown as Hono<AppEnv>);
}
