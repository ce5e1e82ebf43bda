import { type AppVariables, UnauthorizedError } from "@krisstod/http";
import type { Context, MiddlewareHandler } from "hono";
import { Principal } from "./principal.ts";

export interface PrincipalVariables extends AppVariables {
  principal: Principal;
}
export type PrincipalEnv = { Variables: PrincipalVariables };

/** The header carrying the (not yet verified) principal until `@krisstod/auth` lands. */
export const PROVISIONAL_PRINCIPAL_HEADER = "X-Krisstod-Principal";

/**
 * The ONE place that decides who is acting. Provisional: reads a JSON principal from a header,
 * which proves nothing. When `@krisstod/auth` lands this becomes
 * `guardRoutes(verifier, supportCentresPolicy, supportCentresRoutes)`; handlers keep calling
 * `principalOf(c)`.
 */
export function identify(): MiddlewareHandler<PrincipalEnv> {
  return async (c, next) => {
    const raw = c.req.header(PROVISIONAL_PRINCIPAL_HEADER);
    if (!raw) throw new UnauthorizedError("Who is acting is not known (no principal).");
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new UnauthorizedError("The principal is not valid JSON.");
    }
    const principal = Principal.safeParse(parsed);
    if (!principal.success) throw new UnauthorizedError("The principal is not valid.");
    c.set("principal", principal.data);
    await next();
  };
}

/** The acting principal; a route mounted without `identify` fails closed with 401. */
export function principalOf(c: Context<PrincipalEnv>): Principal {
  const principal: Principal | undefined = c.get("principal");
  if (!principal) throw new UnauthorizedError();
  return principal;
}
