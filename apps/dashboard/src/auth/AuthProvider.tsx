import type { Role } from "@krisstod/contracts";
import { useQueryClient } from "@tanstack/react-query";
import type { User, UserManager } from "oidc-client-ts";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { navigate } from "wouter/use-browser-location";
import { setAccessTokenProvider, setUnauthorizedHandler } from "../api/client.ts";
import {
  CALLBACK_PATH,
  completeSignIn,
  createUserManager,
  isRefusal,
  returnToOf,
  signInRedirect,
} from "./oidc.ts";
import { loadOidcConfig } from "./oidcConfig.ts";
import { hasRole, readAccessToken, type SignedInUser } from "./session.ts";

/**
 * Why there is no session, when that needs saying: it ran out, the services refused it, the
 * issuer cannot be reached, the answer from the issuer was bad (wrong state, a code used twice),
 * or the deployment has no sign-in configured.
 */
export type SignOutReason = "expired" | "refused" | "issuerUnreachable" | "badCallback" | "notConfigured";

type Status = "starting" | "signedIn" | "signedOut";

interface Auth {
  status: Status;
  user: SignedInUser | undefined;
  /** Set when the last session ended, or a sign-in failed, without the user asking for it. */
  signedOutBecause: SignOutReason | undefined;
  /** Off to the issuer; back at `returnTo` (default: where the user is now) once signed in. */
  signIn: (returnTo?: string) => void;
  /** Ends the session here and at the issuer. */
  signOut: () => void;
}

const AuthContext = createContext<Auth | undefined>(undefined);

const here = () => `${window.location.pathname}${window.location.search}${window.location.hash}`;
/** Renew this long before the access token runs out, and whenever a request finds it that close. */
const RENEW_MARGIN_SECONDS = 5;

/**
 * Signs people in with the configured OpenID provider (authorization code + PKCE, oidc-client-ts)
 * and lends the access token to every API request, renewing it with the refresh token before it
 * runs out. Signing out forgets the tokens and every cached answer, so the next person at the
 * screen sees nothing of the last one's data, and ends the session at the issuer too.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>("starting");
  const [oidcUser, setOidcUser] = useState<User>();
  const [signedOutBecause, setSignedOutBecause] = useState<SignOutReason>();
  const manager = useRef<UserManager | undefined>(undefined);
  const renewal = useRef<Promise<User | null> | undefined>(undefined);

  const end = useCallback(
    (reason: SignOutReason | undefined) => {
      setAccessTokenProvider(() => undefined);
      void manager.current?.removeUser();
      setOidcUser(undefined);
      setStatus("signedOut");
      setSignedOutBecause(reason);
      queryClient.clear();
    },
    [queryClient],
  );

  /** One refresh at a time: the timer's and a request's are the same. */
  const renew = useCallback((): Promise<User | null> => {
    const current = manager.current;
    if (!current) return Promise.resolve(null);
    renewal.current ??= current
      .signinSilent()
      .catch(async (error: unknown) => {
        const user = await current.getUser();
        // The issuer said no: the sign-in is over. Not answering: keep going while the token lasts.
        if (isRefusal(error)) end("expired");
        else if (!user || user.expired) end("issuerUnreachable");
        return null;
      })
      .finally(() => {
        renewal.current = undefined;
      });
    return renewal.current;
  }, [end]);

  const begin = useCallback(
    (user: User) => {
      setAccessTokenProvider(async () => {
        const current = (await manager.current?.getUser()) ?? undefined;
        if (!current) return undefined;
        if ((current.expires_in ?? 0) > RENEW_MARGIN_SECONDS) return current.access_token;
        return (await renew())?.access_token;
      });
      // A refused token may just have run out a moment early; renewal decides.
      setUnauthorizedHandler(() => {
        void renew().then((user) => {
          if (!user) end("refused");
        });
      });
      setOidcUser(user);
      setSignedOutBecause(undefined);
      setStatus("signedIn");
    },
    [renew, end],
  );

  useEffect(() => {
    let cancelled = false;
    const unsubscribe: (() => void)[] = [];
    (async () => {
      let current: UserManager;
      try {
        current = manager.current ?? createUserManager(await loadOidcConfig());
      } catch {
        if (!cancelled) end("notConfigured");
        return;
      }
      manager.current = current;
      unsubscribe.push(
        current.events.addUserLoaded((user) => {
          if (!cancelled) setOidcUser(user);
        }),
        current.events.addAccessTokenExpiring(() => void renew()),
      );

      if (window.location.pathname === CALLBACK_PATH) {
        try {
          const user = await completeSignIn(current, window.location.href);
          if (cancelled) return;
          begin(user);
          navigate(returnToOf(user), { replace: true });
        } catch (error) {
          if (cancelled) return;
          // Never stay on the callback URL: a reload would replay the same answer.
          navigate("/", { replace: true });
          end(error instanceof TypeError ? "issuerUnreachable" : "badCallback");
        }
        return;
      }

      const stored = await current.getUser();
      if (cancelled) return;
      if (!stored) return end(undefined);
      if (!stored.expired) return begin(stored);
      // Back after the token ran out (a reload, a laptop waking up): renew before showing anything.
      const renewed = stored.refresh_token ? await current.signinSilent().catch(() => null) : null;
      if (cancelled) return;
      if (renewed) begin(renewed);
      else end("expired");
    })();
    return () => {
      cancelled = true;
      for (const stop of unsubscribe) stop();
    };
  }, [begin, end, renew]);

  const user = useMemo(
    () => (oidcUser ? readAccessToken(oidcUser.access_token).principal : undefined),
    [oidcUser],
  );

  const value = useMemo<Auth>(
    () => ({
      status,
      user,
      signedOutBecause,
      signIn: (returnTo = here()) => {
        const current = manager.current;
        if (!current) return end("notConfigured");
        setSignedOutBecause(undefined);
        signInRedirect(current, returnTo).catch(() => end("issuerUnreachable"));
      },
      signOut: () => {
        const current = manager.current;
        queryClient.clear();
        setAccessTokenProvider(() => undefined);
        if (!current) return end(undefined);
        // The library forgets the user here before leaving for the issuer's end-session endpoint.
        current.signoutRedirect().catch(() => end("issuerUnreachable"));
      },
    }),
    [status, user, signedOutBecause, end, queryClient],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth needs an AuthProvider above it");
  return auth;
}

/** The signed-in user, for screens that are only shown to one. */
export function useUser(): SignedInUser {
  const { user } = useAuth();
  if (!user) throw new Error("useUser is for screens behind sign-in");
  return user;
}

/**
 * The signed-in principal's roles, for deciding what a screen offers. The services still decide
 * every request; this only keeps away what would be refused.
 */
export function useSession(): { user: SignedInUser; roles: readonly Role[] } {
  const user = useUser();
  return { user, roles: user.roles };
}

/** Whether the signed-in user holds any of the roles: `useCan("posom-lead", "pkl-lead")`. */
export function useCan(...roles: Role[]): boolean {
  const { user } = useAuth();
  return hasRole(user, ...roles);
}
