import type { Principal } from "@krisstod/contracts";
import { type AppVariables, UnauthorizedError } from "@krisstod/http";
import type { Context, MiddlewareHandler } from "hono";
import type { TokenVerifier } from "./verifier.ts";

export interface AuthVariables extends AppVariables {
  principal: Principal;
}
/** The Hono env of a route that runs behind `authenticate`: `c.get("principal")` is typed. */
export type AuthEnv = { Variables: AuthVariables };

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i;

/** Reads `Authorization: Bearer <token>`, verifies it and sets the principal; 401 otherwise. */
export function authenticate(verifier: TokenVerifier): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    c.set("principal", await principalOf(c, verifier));
    await next();
  };
}

/**
 * The access token each verified principal came with, so a request to another service on its
 * behalf carries it (the responder verifies it itself). Kept beside the object rather than in it:
 * a principal is logged and returned in places, its token must never be. Explicit instead of
 * AsyncLocalStorage, which would turn on Node's promise hooks for every promise of the process
 * (about a tenth of a registration's CPU, bench/PROFILES.md round nine).
 */
const accessTokens = new WeakMap<Principal, string>();

/** The access token the principal was verified from (undefined for one not from a request). */
export function accessTokenOf(principal: Principal): string | undefined {
  return accessTokens.get(principal);
}

export async function principalOf(c: Context, verifier: TokenVerifier): Promise<Principal> {
  const header = c.req.header("Authorization");
  const token = header ? BEARER.exec(header)?.[1] : undefined;
  try {
    if (!token) throw new UnauthorizedError("A bearer access token is required.");
    const principal = await verifier.verify(token);
    accessTokens.set(principal, token);
    return principal;
  } catch (error) {
    // RFC 6750 §3: a 401 names the scheme; the problem body still comes from the one error handler.
    if (error instanceof UnauthorizedError) {
      c.header("WWW-Authenticate", token ? 'Bearer error="invalid_token"' : "Bearer");
    }
    throw error;
  }
}

/** The principal set by `authenticate`; a route that forgot it fails closed with 401. */
export function requirePrincipal(c: Context): Principal {
  const principal: unknown = c.get("principal");
  if (!principal) throw new UnauthorizedError();
  return principal as Principal;
}
