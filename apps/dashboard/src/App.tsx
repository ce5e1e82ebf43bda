import { lazy, Suspense } from "react";
import { Route, Switch } from "wouter";
import { useAuth } from "./auth/AuthProvider.tsx";
import { SignInScreen } from "./auth/SignInScreen.tsx";
import { nationalOnly, paths } from "./routes.ts";
import { NationalShell, Shell } from "./Shell.tsx";

// Opened from a text message on a phone, without an account: its own small chunk.
const AnswerScreen = lazy(() => import("./screens/AnswerScreen.tsx"));

/** The answer link needs no sign-in; everything else does. */
export function App() {
  const { user } = useAuth();
  return (
    <Switch>
      <Route path={paths.answer}>
        {(params) => (
          <Suspense>
            <AnswerScreen activationId={params.activationId} />
          </Suspense>
        )}
      </Route>
      <Route>
        {/* Keyed by user: a different person never sees the previous one's screen state. */}
        {user ? (
          nationalOnly(user) ? (
            <NationalShell key={user.userId} />
          ) : (
            <Shell key={user.userId} />
          )
        ) : (
          <SignInScreen />
        )}
      </Route>
    </Switch>
  );
}
