import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { setAccessTokenProvider, setUnauthorizedHandler } from "../api/client.ts";
import type { Session, SignedInUser } from "./session.ts";

/** Why the user was signed out without asking for it, so the sign-in screen can say so. */
export type SignOutReason = "expired" | "refused";

interface Auth {
  user: SignedInUser | undefined;
  /** Set when the last session ended on its own (expired, or the services refused the token). */
  signedOutBecause: SignOutReason | undefined;
  signIn: (session: Session) => void;
  signOut: () => void;
}

const AuthContext = createContext<Auth | undefined>(undefined);

/**
 * Holds the session in memory (React state) and lends its token to every API request. Signing out
 * forgets the token and every cached answer, so the next person at the screen sees nothing of the
 * last one's data.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session>();
  const [signedOutBecause, setSignedOutBecause] = useState<SignOutReason>();

  const end = useCallback(
    (reason: SignOutReason | undefined) => {
      setAccessTokenProvider(() => undefined);
      setUnauthorizedHandler(() => {});
      setSession(undefined);
      setSignedOutBecause(reason);
      queryClient.clear();
    },
    [queryClient],
  );

  // Signing out when the token runs out, rather than letting every request fail.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => end("expired"), Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [session, end]);

  const value = useMemo<Auth>(
    () => ({
      user: session?.user,
      signedOutBecause,
      signIn: (next) => {
        // Lent to the client before the screens mount: their first requests already carry it
        // (children's effects run before this provider's would).
        setAccessTokenProvider(() => next.accessToken);
        setUnauthorizedHandler(() => end("refused"));
        setSignedOutBecause(undefined);
        setSession(next);
      },
      signOut: () => end(undefined),
    }),
    [session, signedOutBecause, end],
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
