import { type ComponentType, type LazyExoticComponent, lazy, Suspense } from "react";
import { Link, Route, Switch, useLocation, useRoute } from "wouter";
import { useUser } from "./auth/AuthProvider.tsx";
import { countyName } from "./geo/counties.ts";
import { useI18n } from "./i18n/I18nProvider.tsx";
import { AuditAlert } from "./layout/AuditAlert.tsx";
import { ConnectionBanner } from "./layout/ConnectionBanner.tsx";
import { Header } from "./layout/Header.tsx";
import { ScreenErrorBoundary } from "./layout/ScreenErrorBoundary.tsx";
import { useDocumentTitle } from "./layout/useDocumentTitle.ts";
import { useLiveFeed } from "./picture/useLiveFeed.ts";
import { useRegionalPicture } from "./picture/useRegionalPicture.ts";
import { paths, type Screen, screensFor } from "./routes.ts";

type ScreenComponent = LazyExoticComponent<ComponentType<{ countyCode: string }>>;

// Each screen is its own chunk: the sign-in screen and this shell are all a first visit loads.
const components: Record<Screen, ScreenComponent> = {
  overview: lazy(() => import("./screens/OverviewScreen.tsx")),
  national: lazy(() => import("./screens/NationalScreen.tsx")),
  incidents: lazy(() => import("./screens/IncidentsScreen.tsx")),
  mine: lazy(() => import("./screens/MyAssignmentScreen.tsx")),
  activation: lazy(() => import("./screens/ActivationScreen.tsx")),
  mutualAid: lazy(() => import("./screens/MutualAidScreen.tsx")),
  centres: lazy(() => import("./screens/CentresScreen.tsx")),
  region: lazy(() => import("./screens/RegionScreen.tsx")),
  logbook: lazy(() => import("./screens/LogbookScreen.tsx")),
  reports: lazy(() => import("./screens/ReportsScreen.tsx")),
  afterWork: lazy(() => import("./screens/AfterWorkScreen.tsx")),
  callLists: lazy(() => import("./screens/CallListScreen.tsx")),
  readiness: lazy(() => import("./screens/ReadinessScreen.tsx")),
  faith: lazy(() => import("./screens/FaithCommunitiesScreen.tsx")),
  statistics: lazy(() => import("./screens/StatisticsScreen.tsx")),
  audit: lazy(() => import("./screens/AuditScreen.tsx")),
  settings: lazy(() => import("./screens/SettingsScreen.tsx")),
};

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
  const [location] = useLocation();
  const current = screens.find((screen) => paths[screen] === location);
  useDocumentTitle(messages.pageTitle(current ? messages.nav[current] : messages.appName));

  return (
    <>
      {/* The browser moves the focus to the (focusable) screen area: the next Tab is the screen's. */}
      <a className="skip-link" href="#content">
        {messages.skipToContent}
      </a>
      <Header countyName={countyName(county)} connection={connection} />
      <ConnectionBanner connection={connection} />
      <AuditAlert />
      <nav aria-label={messages.nav.label} className="main-nav">
        <ul>
          {screens.map((screen) => (
            <li key={screen}>
              <NavLink href={paths[screen]}>{messages.nav[screen]}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div id="content" tabIndex={-1} className="content">
        <ScreenErrorBoundary message={messages.screenFailed} resetKey={location}>
          <Suspense fallback={<p className="loading">{messages.loading}</p>}>
            <Switch>
              {screens.map((screen) => {
                const Component = components[screen];
                return (
                  <Route key={screen} path={paths[screen]}>
                    <Component countyCode={county} />
                  </Route>
                );
              })}
              <Route>
                <p role="alert">{messages.nav.notFound}</p>
              </Route>
            </Switch>
          </Suspense>
        </ScreenErrorBoundary>
      </div>
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

const NationalScreen = components.national;

/**
 * The frame for MSB's national observer, who belongs to no county: the header and the national
 * picture, without the county picture's live feed (which would be refused) and its banners.
 */
export function NationalShell() {
  const { messages } = useI18n();
  const [location] = useLocation();
  useDocumentTitle(messages.pageTitle(messages.nav.national));
  return (
    <>
      <a className="skip-link" href="#content">
        {messages.skipToContent}
      </a>
      <Header countyName={messages.national.country} />
      <nav aria-label={messages.nav.label} className="main-nav">
        <ul>
          <li>
            <NavLink href={paths.national}>{messages.nav.national}</NavLink>
          </li>
        </ul>
      </nav>
      <div id="content" tabIndex={-1} className="content">
        <ScreenErrorBoundary message={messages.screenFailed} resetKey={location}>
          <Suspense fallback={<p className="loading">{messages.loading}</p>}>
            {/* Every path leads to the national picture: it is all this role may see. */}
            <NationalScreen countyCode="" />
          </Suspense>
        </ScreenErrorBoundary>
      </div>
    </>
  );
}
