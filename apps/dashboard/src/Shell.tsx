import { lazy, Suspense } from "react";
import { Link, Route, Switch, useRoute } from "wouter";
import { useUser } from "./auth/AuthProvider.tsx";
import { countyName } from "./geo/counties.ts";
import { useI18n } from "./i18n/I18nProvider.tsx";
import { ConnectionBanner } from "./layout/ConnectionBanner.tsx";
import { Header } from "./layout/Header.tsx";
import { useLiveFeed } from "./picture/useLiveFeed.ts";
import { useRegionalPicture } from "./picture/useRegionalPicture.ts";
import { paths, screensFor } from "./routes.ts";

// Each screen is its own chunk: the sign-in screen and this shell are all a first visit loads.
const OverviewScreen = lazy(() => import("./screens/OverviewScreen.tsx"));
const ActivationScreen = lazy(() => import("./screens/ActivationScreen.tsx"));
const CentresScreen = lazy(() => import("./screens/CentresScreen.tsx"));
const StatisticsScreen = lazy(() => import("./screens/StatisticsScreen.tsx"));

/**
 * The signed-in frame: header, the live picture of the user's county (shared by every screen and
 * kept current here, so switching screens never drops the feed), navigation by role, the screens.
 */
export function Shell() {
  const user = useUser();
  const { messages } = useI18n();
  const county = user.countyCode;
  const picture = useRegionalPicture(county);
  const connection = useLiveFeed(county, picture.isSuccess);
  const screens = screensFor(user);

  return (
    <>
      <Header countyName={countyName(county)} connection={connection} />
      <ConnectionBanner connection={connection} />
      <nav aria-label={messages.nav.label} className="main-nav">
        <ul>
          {screens.map((screen) => (
            <li key={screen}>
              <NavLink href={paths[screen]}>{messages.nav[screen]}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Suspense fallback={<p className="loading">{messages.loading}</p>}>
        <Switch>
          <Route path={paths.overview}>
            <OverviewScreen countyCode={county} />
          </Route>
          {screens.includes("activation") && (
            <Route path={paths.activation}>
              <ActivationScreen />
            </Route>
          )}
          {screens.includes("centres") && (
            <Route path={paths.centres}>
              <CentresScreen />
            </Route>
          )}
          {screens.includes("statistics") && (
            <Route path={paths.statistics}>
              <StatisticsScreen countyCode={county} />
            </Route>
          )}
          <Route>
            <p role="alert">{messages.nav.notFound}</p>
          </Route>
        </Switch>
      </Suspense>
    </>
  );
}

function NavLink({ href, children }: { href: string; children: string }) {
  const [active] = useRoute(href);
  return (
    <Link href={href} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}
