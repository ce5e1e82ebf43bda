import { Problem } from "@krisstod/contracts";
import type { MiddlewareHandler } from "hono";
import type { RouterRoute } from "hono/types";
import { findTargetHandler } from "hono/utils/handler";
import { describeRoute, type GenerateSpecOptions, generateSpecs, resolver } from "hono-openapi";
import type { z } from "zod";
import { type HttpMethod, isPublic, type Policy, type RouteRule } from "./policy.ts";

/**
 * Routes declared once: a route's action (the row of the service's policy table that guards it)
 * and its OpenAPI description sit on the route itself, as the first middleware of the Hono chain:
 *
 *   .get("/:id", route("centres.read", { summary: "One centre", response: Centre }),
 *        validate("param", CentreParams), handler)
 *
 * The guard's route table (`routeTableOf`) and the OpenAPI document (`openApiDocument`) are both
 * read off the built app, so a path is written in one place, and a route without an action makes
 * the service refuse to start.
 */

const actionKey = Symbol("krisstod.route-action");

/** The security scheme every guarded operation names: an OIDC access token (a JWT) as bearer. */
export const BEARER_SCHEME = "oidcBearer";

type BodyStatus = 200 | 201 | 202;

export interface RouteDoc {
  /** One line for the reference page, e.g. "Open a support centre". */
  readonly summary: string;
  readonly description?: string;
  /**
   * The success answer, required: a contract schema (JSON body, 200); or `{ status, schema }`; or
   * a media type other than JSON (`text/csv`, `application/pdf`, `text/event-stream` …), whose
   * body the document calls a string; or `{ status: 204 }`. A JSON answer cannot be declared
   * without its contract, so the document and the typed client always say what a caller gets.
   */
  readonly response: z.ZodType | SuccessResponse;
  /** Holds personal data (`x-krisstod-personal-data` in the document): its store audits each read. */
  readonly personalData?: boolean;
  /**
   * A body that is not JSON (a file the handler streams, e.g. `text/csv`): its media types, which
   * the document lists as a required string body. A JSON body is described by `validate("json", …)`
   * or `validateBody(…)` instead, which also check it.
   */
  readonly requestMedia?: readonly string[];
}

export type SuccessResponse =
  /** A JSON body described by its contract. */
  | { readonly status?: BodyStatus; readonly schema: z.ZodType; readonly description?: string }
  /** Another media type: a string body (text) or bytes (`application/pdf` …). */
  | { readonly status?: BodyStatus; readonly media: string; readonly description?: string }
  /** No body. */
  | { readonly status: 204; readonly description?: string };

/** Marks a middleware as the declaration of its route's action. */
type Declaration = MiddlewareHandler & { [actionKey]: string };

/**
 * Declares a route: its action (checked by the guard) and what the OpenAPI document says of it.
 * Services use the typed `routeDeclarer(policy)`; shared route sets (the audit review) use this
 * with the action names every policy defines, checked when the table is derived.
 */
export function declareRoute(action: string, doc: RouteDoc): MiddlewareHandler {
  const success = successOf(doc.response);
  const status = String(success.status ?? 200);
  const middleware = describeRoute({
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.requestMedia
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              doc.requestMedia.map((media) => [media, { schema: mediaSchema(media) }]),
            ),
          },
        }
      : {}),
    responses: {
      [status]: {
        description: success.description ?? (status === "201" ? "Created" : "OK"),
        ...("schema" in success
          ? {
              content: {
                "application/json": { schema: resolver(success.schema, { options: { io: "output" } }) },
              },
            }
          : "media" in success
            ? { content: { [success.media]: { schema: mediaSchema(success.media) } } }
            : {}),
      },
      default: {
        description: "Refused or failed: RFC 9457 problem details with a stable `code` and the request id.",
        content: { "application/problem+json": { schema: problemSchema } },
      },
    },
    ...({ "x-krisstod-action": action } as object),
    ...(doc.personalData ? ({ "x-krisstod-personal-data": true } as object) : {}),
  });
  return Object.assign(middleware, { [actionKey]: action }) satisfies Declaration;
}

const problemSchema = resolver(Problem, { options: { io: "output" } });

function successOf(response: RouteDoc["response"]): SuccessResponse {
  return isZodSchema(response) ? { schema: response } : response;
}

/** A body that is not JSON: text (CSV, XML, HTML, event stream) or bytes (PDF, spreadsheets). */
export function mediaSchema(media: string): { type: "string"; format?: "binary" } {
  const text = media.startsWith("text/") || /[+/]xml$/.test(media);
  return text ? { type: "string" } : { type: "string", format: "binary" };
}

function isZodSchema(value: z.ZodType | SuccessResponse): value is z.ZodType {
  return "~standard" in value;
}

/**
 * The declarer of one service: `route(action, doc)` accepts only the actions of its policy table
 * (an unknown action does not compile).
 */
export function routeDeclarer<Action extends string>(
  _policy: Policy<Action>,
): (action: Action, doc: RouteDoc) => MiddlewareHandler {
  return declareRoute;
}

/** A Hono app's registered routes, as `app.routes` lists them. */
export interface RoutedApp {
  readonly routes: readonly RouterRoute[];
}

const METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** A route registered without a declared action, or with one its policy table does not have. */
export class UndeclaredRouteError extends Error {
  constructor(readonly routes: readonly string[]) {
    super(
      `Every route needs an action: put route("<action>", { summary, response }) from the service's ` +
        `routeDeclarer(policy) first in its Hono chain, with an action of the policy table. Missing or unknown: ${routes.join(", ")}.`,
    );
    this.name = "UndeclaredRouteError";
  }
}

/**
 * The guard's route table, derived from the app: every (method, path) it registers with the action
 * declared on it, in registration order (the order Hono tries them in). Throws
 * `UndeclaredRouteError` when a route has no action or one the policy lacks: such an app is not
 * built, so a route without an action cannot be served.
 */
export function routeTableOf<Action extends string>(
  app: RoutedApp,
  policy: Policy<Action>,
): RouteRule<Action>[] {
  const table = new Map<string, { method: HttpMethod; path: string; action: string | undefined }>();
  for (const route of app.routes) {
    const method = route.method as HttpMethod;
    if (!METHODS.includes(method)) continue; // ALL: middleware (`use`), not a route
    const key = `${method} ${route.path}`;
    const declared = (findTargetHandler(route.handler) as Partial<Declaration>)[actionKey];
    const entry = table.get(key) ?? { method, path: route.path, action: undefined };
    entry.action ??= declared;
    table.set(key, entry);
  }
  const wrong = [...table.entries()]
    .filter(([, entry]) => entry.action === undefined || !(entry.action in policy.entries))
    .map(([key, entry]) => (entry.action ? `${key} (${entry.action})` : key));
  if (wrong.length > 0) throw new UndeclaredRouteError(wrong);
  return [...table.values()].map((entry) => ({
    method: entry.method,
    path: entry.path,
    action: entry.action as Action,
  }));
}

export interface OpenApiInfo {
  /** e.g. "Krisstöd support centres" */
  readonly title: string;
  readonly description?: string;
  readonly version?: string;
}

/** An OpenAPI 3.1 document, as generated. */
export type OpenApiDocument = Awaited<ReturnType<typeof generateSpecs>>;

/**
 * The OpenAPI 3.1 document of a service's app: request schemas from the `validate` middlewares,
 * responses and actions from the routes' declarations, and per operation the roles and scope its
 * policy row allows (`x-krisstod-roles`, `x-krisstod-scope`, and in words in the description).
 * Public actions and the shell's open routes (health, this document) need no token.
 */
export async function openApiDocument<Action extends string>(
  app: RoutedApp,
  policy: Policy<Action>,
  info: OpenApiInfo,
): Promise<OpenApiDocument> {
  const options: Partial<GenerateSpecOptions> = {
    documentation: {
      info: { version: info.version ?? "1", title: info.title, description: info.description ?? "" },
      components: {
        securitySchemes: {
          [BEARER_SCHEME]: {
            type: "http",
            scheme: "bearer",
            bearerFormat: "JWT",
            description:
              "An OIDC access token from the configured issuer (authorization code with PKCE); " +
              "its organisation, county and roles claims decide what the caller may do.",
          },
        },
      },
    },
    excludeStaticFile: false, // GET /openapi.json itself is a route, not a static file
    // A refused input is problem+json naming each field, not hono-openapi's default body.
    defaultValidationErrorResponse: {
      description: "The request is invalid: problem details naming each wrong field.",
      content: { "application/problem+json": { schema: await problemJsonSchema() } },
    },
  };
  const document = await generateSpecs(app as never, options);
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item ?? {})) {
      if (!operation || typeof operation !== "object" || !("responses" in operation)) continue;
      const op = operation as Record<string, unknown>;
      const action = op["x-krisstod-action"];
      if (typeof action !== "string") continue;
      const entry = policy.entries[action as Action];
      if (isPublic(entry)) {
        op.security = [];
      } else {
        op.security = [{ [BEARER_SCHEME]: [] }];
        op["x-krisstod-roles"] = [...entry.roles];
        op["x-krisstod-scope"] = entry.scope ?? "own-organisation";
      }
      const who = isPublic(entry)
        ? "No token: the request carries its own proof."
        : `Roles: ${entry.roles.join(", ")} (scope: ${entry.scope ?? "own-organisation"}).`;
      op.description = [op.description, `Action \`${action}\`. ${who}`].filter(Boolean).join("\n\n");
    }
  }
  return document;
}

async function problemJsonSchema() {
  return (await problemSchema.toOpenAPISchema()).schema;
}
