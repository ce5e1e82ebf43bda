import { useAuth } from "./auth/AuthProvider.tsx";
import { SignInScreen } from "./auth/SignInScreen.tsx";
import { CountyDashboard } from "./CountyDashboard.tsx";

/** Sign-in first; then the county of the signed-in user (Länsstyrelsen Hallands län → 13). */
export function App() {
  const { user } = useAuth();
  if (!user) return <SignInScreen />;
  // Keyed by user: a different person never sees the previous one's screen state.
  return <CountyDashboard key={user.userId} countyCode={user.countyCode} />;
}
