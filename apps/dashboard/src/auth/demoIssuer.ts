import { type DemoTokenRequest, DemoUser, TokenResponse } from "@krisstod/contracts";
import { z } from "zod";
import { readAccessToken, type Session } from "./session.ts";

/**
 * Sign-in against the development OIDC issuer (apps/identity), proxied under /api/identity: pick a
 * seeded demo user, get a signed access token for them. The services verify that token exactly as
 * they would one from a real provider.
 *
 * A real provider (Keycloak, a regional IdP) replaces this module, not the rest of the app: it
 * must produce the same {@link Session}. With `oidc-client-ts` that is authorization code + PKCE via
 * `UserManager.signinPopup()` (the page stays loaded, so its state can live in memory:
 * `userStore`/`stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() })`), then
 * `sessionFromAccessToken(user.access_token, organisationName)`. A redirect flow would need
 * sessionStorage for the PKCE verifier, which DESIGN rules out for anything personal; the verifier
 * is not personal, but keeping the whole session in memory is the simpler rule to hold.
 */
const identityBase = "/api/identity";

export async function listDemoUsers(signal?: AbortSignal): Promise<DemoUser[]> {
  const response = await fetch(`${identityBase}/demo-users`, { signal: signal ?? null });
  if (!response.ok) throw new Error(`demo users: HTTP ${response.status}`);
  return z.array(DemoUser).parse(await response.json());
}

export async function signInAsDemoUser(user: DemoUser): Promise<Session> {
  const body: DemoTokenRequest = { userId: user.userId };
  const response = await fetch(`${identityBase}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sign-in: HTTP ${response.status}`);
  const token = TokenResponse.parse(await response.json());
  return sessionFromAccessToken(token.access_token, user.organisationName, user.title);
}

/** The session for an access token from any provider that uses our claim names. */
export function sessionFromAccessToken(
  accessToken: string,
  organisationName: string,
  title?: string,
): Session {
  const { principal, expiresAt } = readAccessToken(accessToken);
  return { user: { ...principal, organisationName, title }, accessToken, expiresAt };
}
