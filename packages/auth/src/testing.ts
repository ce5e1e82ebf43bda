import { Role } from "@krisstod/contracts";
import { type HttpMethod, isPublic, type Policy, type RouteRule } from "./policy.ts";

/**
 * Test helpers for a service's access rules: the authorisation matrix of a policy table and the
 * routes it leaves uncovered. (The throwaway OIDC issuer for tests is in @krisstod/testing.)
 */
export interface MatrixCase {
  readonly method: HttpMethod;
  readonly path: string;
  readonly action: string;
  /** undefined for a public route (no role involved). */
  readonly role: Role | undefined;
  /** Whether the role passes the policy (a handler may still refuse a resource out of scope). */
  readonly allowed: boolean;
}

/**
 * Every route × every role with the policy's verdict: the rows of an authorisation matrix test.
 * A public route gives one row with `role: undefined`.
 */
export function authorisationMatrix<Action extends string>(
  policy: Policy<Action>,
  routes: readonly RouteRule[],
  roles: readonly Role[] = Role.options,
): MatrixCase[] {
  return routes.flatMap((route): MatrixCase[] => {
    const entry = policy.entries[route.action as Action];
    if (!entry) throw new Error(`${route.method} ${route.path}: no policy row ${route.action}`);
    if (isPublic(entry)) return [{ ...route, role: undefined, allowed: true }];
    return roles.map((role) => ({ ...route, role, allowed: entry.roles.includes(role) }));
  });
}

/**
 * The routes an app registers that its route table does not cover ("GET /x"); a matrix test asserts
 * this is empty so no route can be added without an access rule. Health checks and the OpenAPI
 * document (and its development reference page) are open by design.
 */
export function uncoveredRoutes(
  app: { routes: readonly { method: string; path: string }[] },
  routes: readonly RouteRule[],
  open: readonly string[] = ["/healthz", "/readyz", "/openapi.json", "/reference"],
): string[] {
  const registered = new Set(
    app.routes
      .filter((r) => r.method !== "ALL" && !open.includes(r.path))
      .map((r) => `${r.method} ${r.path}`),
  );
  const covered = new Set(routes.map((r) => `${r.method} ${r.path}`));
  return [...registered].filter((route) => !covered.has(route)).sort();
}

/** Fills `:param` segments, e.g. for the matrix: `samplePath("/incidents/:id", { id })`. */
export function samplePath(path: string, params: Record<string, string> = {}): string {
  return path.replace(
    /:([A-Za-z0-9_]+)/g,
    (_, name: string) => params[name] ?? "01890000-0000-7000-8000-000000000000",
  );
}

/** One row of the matrix as the running service answered it. */
export interface MatrixAnswer extends MatrixCase {
  /** `<role or public> <METHOD> <path>`. */
  readonly label: string;
  readonly status: number;
}

/**
 * Sends every row of an authorisation matrix to a running service at `url` (`{}` as the body of a
 * write, `samplePath` ids): a role's request with the token `tokenFor` gives it, a public route's
 * without one. The rows are what the services' matrix tests assert on (see `guardMistakes`).
 */
export async function sendMatrix(
  url: string,
  cases: readonly MatrixCase[],
  tokenFor: (role: Role, row: MatrixCase) => Promise<string>,
): Promise<MatrixAnswer[]> {
  return Promise.all(
    cases.map(async (row) => {
      const response = await fetch(`${url}${samplePath(row.path)}`, {
        method: row.method,
        headers: {
          "Content-Type": "application/json",
          ...(row.role ? { Authorization: `Bearer ${await tokenFor(row.role, row)}` } : {}),
        },
        ...(row.method === "GET" ? {} : { body: "{}" }),
      });
      await response.body?.cancel();
      return { ...row, label: `${row.role ?? "public"} ${row.method} ${row.path}`, status: response.status };
    }),
  );
}

/**
 * The rows the guard got wrong, as `<label> → <status>`: an allowed role stopped at the guard (401
 * or 403; past it the handler may answer 200, 400, 404 …), or a role the policy does not allow
 * answered anything but 403.
 */
export function guardMistakes(answers: readonly MatrixAnswer[]): string[] {
  return answers
    .filter((a) => (a.allowed ? a.status === 401 || a.status === 403 : a.status !== 403))
    .map((a) => `${a.label} → ${a.status}`);
}
