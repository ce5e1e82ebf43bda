import type { Principal, Role } from "@krisstod/contracts";
import { ForbiddenError } from "@krisstod/http";
import type { MiddlewareHandler } from "hono";
import { type AuthEnv, principalOf, requirePrincipal } from "./authenticate.ts";
import type { TokenVerifier } from "./verifier.ts";

/**
 * Whose resources an allowed role may touch:
 * - `own-organisation` (default): only resources of the principal's organisation;
 * - `own-county`: resources of any organisation in the principal's county;
 * - `any-organisation`: all (e.g. a county observer reading counts).
 */
export type Scope = "any-organisation" | "own-organisation" | "own-county";

export interface GuardedEntry {
  /** Roles allowed to do this; a principal needs at least one of them. */
  readonly roles: readonly Role[];
  readonly scope?: Scope;
}
/** No token needed, e.g. an answer link that carries its own signed token. */
export interface PublicEntry {
  readonly public: true;
}
export type PolicyEntry = GuardedEntry | PublicEntry;

export interface Policy<Action extends string = string> {
  readonly entries: Readonly<Record<Action, PolicyEntry>>;
  /** True when the principal has a role the action allows (scope is checked per resource). */
  allows(principal: Principal, action: Action): boolean;
}

/**
 * One table per service: which role may do what, and over whose resources. Every route names one
 * action; `guardRoutes` / `authorize` enforce it, and the authorisation matrix test is generated
 * from it.
 */
export function definePolicy<const Action extends string>(
  entries: Record<Action, PolicyEntry>,
): Policy<Action> {
  return {
    entries,
    allows: (principal, action) => {
      const entry: PolicyEntry = entries[action];
      return isPublic(entry) || principal.roles.some((role) => entry.roles.includes(role));
    },
  };
}

export function isPublic(entry: PolicyEntry): entry is PublicEntry {
  return "public" in entry && entry.public;
}

/** Checks the principal's role for one action (after `authenticate`); 403 otherwise. */
export function authorize<Action extends string>(
  policy: Policy<Action>,
  action: Action,
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    assertAllowed(policy, action, requirePrincipal(c));
    await next();
  };
}

export function assertAllowed<Action extends string>(
  policy: Policy<Action>,
  action: Action,
  principal: Principal,
): void {
  if (!policy.allows(principal, action)) {
    throw new ForbiddenError(`Your roles do not allow ${action}.`, "role-not-allowed");
  }
}

export interface ScopedResource {
  organisationId: string;
  countyCode: string;
}

/**
 * Checks that one resource is within the entry's scope for this principal; call it in the handler
 * once the resource is loaded. 403 otherwise.
 */
export function assertScope(principal: Principal, entry: PolicyEntry, resource: ScopedResource): void {
  if (isPublic(entry)) return;
  const scope = entry.scope ?? "own-organisation";
  const within =
    scope === "any-organisation" ||
    (scope === "own-county" && resource.countyCode === principal.countyCode) ||
    (scope === "own-organisation" && resource.organisationId === principal.organisationId);
  if (!within)
    throw new ForbiddenError("This belongs to an organisation outside your scope.", "outside-scope");
}

/**
 * The filter a list query must apply for this principal and entry: `{ organisationId }`,
 * `{ countyCode }`, or `{}` for any-organisation.
 */
export function scopeFilter(
  principal: Principal,
  entry: PolicyEntry,
): { organisationId?: string; countyCode?: string } {
  if (isPublic(entry)) return {};
  const scope = entry.scope ?? "own-organisation";
  if (scope === "own-organisation") return { organisationId: principal.organisationId };
  if (scope === "own-county") return { countyCode: principal.countyCode };
  return {};
}

// ---- routes: the explicit (method, path, action) table of a service ----

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteRule<Action extends string = string> {
  readonly method: HttpMethod;
  /** Full path as Hono spells it, e.g. `/incidents/:id`. */
  readonly path: string;
  readonly action: Action;
}

/** Type-checks a service's route table against its policy (an unknown action does not compile). */
export function defineRoutes<Action extends string>(
  _policy: Policy<Action>,
  routes: readonly RouteRule<Action>[],
): readonly RouteRule<Action>[] {
  return routes;
}

/** The route rule a request falls under, or undefined. `:param` matches one non-empty segment. */
export function matchRoute<Action extends string>(
  routes: readonly RouteRule<Action>[],
  method: string,
  path: string,
): RouteRule<Action> | undefined {
  return routeMatcher(routes)(method, path);
}

/**
 * `matchRoute` over a table split into segments once (the guard asks it on every request): the
 * same first match in table order.
 */
export function routeMatcher<Action extends string>(
  routes: readonly RouteRule<Action>[],
): (method: string, path: string) => RouteRule<Action> | undefined {
  const patterns = routes.map((rule) => ({
    rule,
    parts: split(rule.path).map((part) => (part.startsWith(":") ? undefined : part)),
  }));
  return (method, path) => {
    const segments = split(path);
    for (const { rule, parts } of patterns) {
      if (rule.method !== method && !(method === "HEAD" && rule.method === "GET")) continue;
      if (parts.length !== segments.length) continue;
      // A `:param` part (undefined) matches any non-empty segment.
      if (parts.every((part, i) => (part === undefined ? segments[i] !== "" : part === segments[i])))
        return rule;
    }
    return undefined;
  };
}

function split(path: string): string[] {
  return path.replace(/\/+$/, "").split("/").slice(1);
}

/**
 * The one guard of a service: for each request it finds the route's action in the table, lets
 * public ones through, and otherwise authenticates (401) and checks the role (403), leaving the
 * principal in `c.get("principal")`. A request that matches no rule is refused (fail closed): a
 * route added without a rule cannot be reached until it has one. Install it after
 * `createServiceApp` (so /healthz and /readyz stay open) and before the routes.
 */
export function guardRoutes<Action extends string>(
  verifier: TokenVerifier,
  policy: Policy<Action>,
  routes: readonly RouteRule<Action>[],
): MiddlewareHandler<AuthEnv> {
  const match = routeMatcher(routes);
  return async (c, next) => {
    // CORS preflights carry no credentials by design; the CORS middleware answers them.
    if (c.req.method === "OPTIONS") return next();
    const rule = match(c.req.method, c.req.path);
    const entry: PolicyEntry | undefined = rule ? policy.entries[rule.action] : undefined;
    if (rule && entry && isPublic(entry)) return next();
    const principal = await principalOf(c, verifier);
    if (!rule)
      throw new ForbiddenError(`No access rule covers ${c.req.method} ${c.req.path}.`, "no-access-rule");
    assertAllowed(policy, rule.action, principal);
    c.set("principal", principal);
    await next();
  };
}
