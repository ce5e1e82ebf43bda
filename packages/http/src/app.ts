import type { Logger } from "@krisstod/logging";
import type { HttpMetrics } from "@krisstod/metrics";
import { contextFromHeaders, endSpan, SpanKind, startSpan, withContext } from "@krisstod/tracing";
import { Scalar } from "@scalar/hono-api-reference";
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { matchedRoutes } from "hono/route";
import { secureHeaders } from "hono/secure-headers";
import { describeRoute, resolver } from "hono-openapi";
import { z } from "zod";
import { bodyLimit } from "./body-limit.ts";
import { AppError } from "./errors.ts";
import { jsonDepthLimit } from "./json-depth.ts";
import { noStore } from "./no-store.ts";
import { problemResponse } from "./problem.ts";
import { isDatabaseUnavailable, loggableError, sqlState } from "./scrub-errors.ts";

export interface AppVariables {
  requestId: string;
  logger: Logger;
}
export type AppEnv = { Variables: AppVariables };

export type ReadinessCheck = () => Promise<void>;
/**
 * A check /readyz reports without waiting on it: the service serves without it (NATS: the outbox
 * keeps writes until the bus is back), so its failure must not take every replica out of the load
 * balancer. It shows in /readyz's and `/healthz?detail`'s `checks` for monitoring.
 */
export type ObservedCheck = { observe: ReadinessCheck };

export interface ServiceAppOptions {
  service: string;
  logger: Logger;
  /**
   * Named checks for /readyz: a function must pass for the service to be ready (its database);
   * an `{ observe }` check is only reported (NATS).
   */
  readiness: Record<string, ReadinessCheck | ObservedCheck>;
  maxBodyBytes?: number;
  /** Counts and times every request by route template (ServiceContext.metrics.http). */
  metrics?: HttpMetrics;
  /** The service's OpenAPI description, served open at `GET /openapi.json`. */
  openapi?: OpenApiOptions;
}

export interface OpenApiOptions {
  /** Builds the document (once, at the first request): `openApiDocument` of @krisstod/auth. */
  document: () => Promise<object>;
  /**
   * Serve the interactive reference page at `GET /reference` (Scalar). Development only: the page
   * loads Scalar's script from its CDN in the browser, which a production installation must not.
   */
  reference: boolean;
}

const Checks = z.record(z.string(), z.string()).describe("Each readiness check: `ok`, or why it failed");
const Health = z.object({
  status: z.literal("ok"),
  service: z.string(),
  /** The answering process's id: which process behind a port answered (a harness restarting one). */
  pid: z.number().int(),
  checks: Checks.optional(),
});
const Ready = z.object({ status: z.enum(["ready", "not ready"]), checks: Checks });

/** An open route of the shell, described for the OpenAPI document: no token needed. */
function openRoute(summary: string, body: { schema: z.ZodType } | { media: "text/html" }) {
  const open = { summary, tags: ["service"], security: [] };
  if ("media" in body) {
    return describeRoute({
      ...open,
      responses: { 200: { description: "OK", content: { [body.media]: { schema: { type: "string" } } } } },
    });
  }
  const schema = resolver(body.schema, { options: { io: "output" } });
  return describeRoute({
    ...open,
    responses: { 200: { description: "OK", content: { "application/json": { schema } } } },
  });
}

/**
 * The Hono app every service builds on: request ids, a JSON access log, security headers,
 * `Cache-Control: no-store`, a body limit, a JSON depth limit, /healthz and /readyz, and the one
 * error handler that answers with problem+json and logs an unexpected error scrubbed of personal data.
 */
export function createServiceApp(options: ServiceAppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: "X-Request-Id" }));
  app.use(async (c, next) => {
    const logger = options.logger.child({ requestId: c.get("requestId") });
    c.set("logger", logger);
    const started = performance.now();
    // A server span, child of the caller's `traceparent` if any; everything the request does
    // (outbox rows, RPCs) carries it on. Named by the route template once routing is known.
    const { span, context } = startSpan(c.req.method, {
      kind: SpanKind.SERVER,
      parent: contextFromHeaders(c.req.raw.headers),
      attributes: { "http.request.method": c.req.method },
    });
    try {
      await withContext(context, next);
    } finally {
      const route = routeTemplate(c);
      const status = c.res.status;
      const seconds = (performance.now() - started) / 1000;
      span.updateName(`${c.req.method} ${route}`);
      span.setAttributes({ "http.route": route, "http.response.status_code": status });
      endSpan(span, status >= 500 ? status : undefined);
      options.metrics?.observe({ method: c.req.method, route, status, seconds });
      logger.info(
        { method: c.req.method, path: c.req.path, status, ms: Math.round(seconds * 1000) },
        "request",
      );
    }
  });
  app.use(secureHeaders());
  app.use(noStore);
  app.use(
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 1024 * 1024,
      onError: (c) =>
        problemResponse(c, 413, "Payload too large", "The request body is too large.", [
          { field: "body", message: `must be at most ${options.maxBodyBytes ?? 1024 * 1024} bytes` },
        ]),
    }),
  );
  app.use(jsonDepthLimit());

  // Liveness stays free of dependencies (a restart mends neither the database nor NATS); with
  // ?detail it also reports every check, for people and monitoring.
  app.get(
    "/healthz",
    openRoute("Liveness (with ?detail: every readiness check)", { schema: Health }),
    async (c) => {
      const health = { status: "ok", service: options.service, pid: process.pid } as const;
      if (c.req.query("detail") === undefined) return c.json(health);
      return c.json({ ...health, checks: await runChecks(options.readiness) });
    },
  );
  app.get(
    "/readyz",
    openRoute("Readiness: 503 while the database is unreachable", { schema: Ready }),
    async (c) => {
      const checks = await runChecks(options.readiness);
      const ready = Object.entries(options.readiness).every(
        ([name, check]) => typeof check !== "function" || checks[name] === "ok",
      );
      return c.json({ status: ready ? "ready" : "not ready", checks }, ready ? 200 : 503);
    },
  );

  if (options.openapi) serveOpenApi(app, options.openapi);

  app.notFound((c) =>
    problemResponse(
      c,
      404,
      "Not found",
      `No route for ${c.req.method} ${c.req.path}.`,
      undefined,
      "no-route",
    ),
  );
  app.onError((error, c) => {
    if (error instanceof AppError) {
      return problemResponse(c, error.status, error.title, error.message, error.errors, error.code);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const malformed = /malformed json/i.test(error.message);
      return problemResponse(
        c,
        error.status,
        malformed ? "Invalid request" : error.message || "Bad request",
        malformed ? "The body is not valid JSON." : error.message,
        malformed ? [{ field: "body", message: "must be valid JSON" }] : undefined,
        malformed ? "malformed-json" : undefined,
      );
    }
    if (isDataException(error)) {
      // PostgreSQL refused a value the request carried (out of range, bad encoding…): the
      // client's mistake, whichever check let it through. Logged without the value.
      (c.get("logger") ?? options.logger).warn({ pgCode: error.code }, "database refused a value");
      return problemResponse(c, 400, "Invalid request", "A value in the request cannot be stored.");
    }
    if (isDatabaseUnavailable(error)) {
      // PostgreSQL down or restarting: nothing was stored, and the same request will work again
      // shortly; the dashboard and the scenario's clients retry on 503.
      (c.get("logger") ?? options.logger).warn({ code: sqlState(error) }, "database unavailable");
      c.header("Retry-After", "5");
      return problemResponse(
        c,
        503,
        "Service unavailable",
        "The service cannot reach its database just now; nothing was stored. Try again shortly.",
        undefined,
        "database-unavailable",
      );
    }
    // Scrubbed: a database error's message may carry the request's personal data.
    const loggable = loggableError(error, `${c.req.method} ${routeTemplate(c)}`);
    (c.get("logger") ?? options.logger).error({ err: loggable }, "unhandled error");
    return problemResponse(c, 500, "Internal error", "Something went wrong; it has been logged.");
  });
  return app;
}

/**
 * `GET /openapi.json`, open like the health checks: it describes routes and schemas, never data.
 * In development also `GET /reference`, the interactive page over it.
 */
function serveOpenApi(app: Hono<AppEnv>, options: OpenApiOptions): void {
  let document: Promise<object> | undefined;
  app.get(
    "/openapi.json",
    openRoute("This service's OpenAPI 3.1 document", {
      schema: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
    }),
    async (c) => {
      document ??= options.document().catch((error: unknown) => {
        document = undefined; // let the next request try again
        throw error;
      });
      return c.json(await document);
    },
  );
  if (options.reference) {
    app.get(
      "/reference",
      openRoute("Interactive API reference (development only)", { media: "text/html" }),
      Scalar({ url: "openapi.json", pageTitle: "Krisstöd API" }),
    );
  }
}

/**
 * The route template that answered (`/incidents/:id`), so labels stay few whatever paths arrive:
 * the first matched route of a method (handlers; middleware is registered for ALL), which is the
 * one Hono let answer. A request no handler matched is "unmatched".
 */
function routeTemplate(c: Context): string {
  return matchedRoutes(c).find((route) => route.method !== "ALL")?.path ?? "unmatched";
}

/** SQLSTATE class 22, "data exception", raised by postgres.js as a PostgresError. */
function isDataException(error: Error): error is Error & { code: string } {
  const code = (error as { code?: unknown }).code;
  return error.name === "PostgresError" && typeof code === "string" && code.startsWith("22");
}

async function runChecks(
  checks: Record<string, ReadinessCheck | ObservedCheck>,
): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(typeof check === "function" ? check() : check.observe(), 2_000);
        return [name, "ok"] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : "failed"] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref()),
  ]);
}
