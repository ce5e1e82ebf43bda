import { ErrorResponse, type User, UserManager, WebStorageStateStore } from "oidc-client-ts";
import type { OidcConfig } from "./oidcConfig.ts";

/** The dashboard's redirect URI path; nginx and the dev server answer it with index.html. */
export const CALLBACK_PATH = "/auth/callback";

/** What the user was doing when sent to the issuer, to return there afterwards. */
interface SignInState {
  returnTo: string;
}

/**
 * Authorization code + PKCE with oidc-client-ts. The user (tokens included) and the in-flight
 * sign-in state live in sessionStorage: they survive a reload of this tab, and end with it; no
 * other tab, and nothing after the browser closes, sees them (localStorage would keep them for
 * good and share them across tabs). Renewal is ours, not the library's automatic one, so that a
 * renewal asked for by a request and one asked for by the timer are one refresh: refresh tokens
 * rotate, and using one twice makes the issuer revoke the whole sign-in.
 */
export function createUserManager(config: OidcConfig): UserManager {
  const origin = window.location.origin;
  const store = new WebStorageStateStore({ store: window.sessionStorage });
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: "code",
    scope: config.scopes,
    userStore: store,
    stateStore: store,
    automaticSilentRenew: false,
    // Not needed: who the user is comes from the access token the services read too.
    loadUserInfo: false,
    monitorSession: false,
  });
}

export function signInRedirect(manager: UserManager, returnTo: string): Promise<void> {
  const state: SignInState = { returnTo };
  return manager.signinRedirect({ state });
}

/**
 * Finishes a sign-in at the callback URL, once per URL: React's development double effects (and a
 * double render) must not spend the code twice, which would fail as a replay.
 */
const callbacks = new Map<string, Promise<User>>();
export function completeSignIn(manager: UserManager, url: string): Promise<User> {
  let pending = callbacks.get(url);
  if (!pending) {
    pending = manager.signinRedirectCallback(url);
    callbacks.set(url, pending);
  }
  return pending;
}

export function returnToOf(user: User): string {
  const state = user.state as Partial<SignInState> | undefined;
  // Only a path on this origin: never send the user elsewhere after sign-in.
  return typeof state?.returnTo === "string" &&
    state.returnTo.startsWith("/") &&
    !state.returnTo.startsWith("//")
    ? state.returnTo
    : "/";
}

/** The issuer refused (e.g. the refresh token or the session ran out), as opposed to not answering. */
export function isRefusal(error: unknown): boolean {
  return error instanceof ErrorResponse;
}
