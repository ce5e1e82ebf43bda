import { fileURLToPath } from "node:url";
import { activationService } from "@krisstod/activation";
import { type CreateIncidentBody, TokenResponse } from "@krisstod/contracts";
import { type RunningIdentity, startIdentity } from "@krisstod/identity";
import { findFreePort } from "@krisstod/local-infra";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDashboard, startDashboardDevServer } from "../dev-server.ts";
import { signIn } from "./sign-in.ts";
import { launchChromium } from "./stack.ts";

// The dashboard against the real development issuer and the real activation and reporting
// services (real PostgreSQL and NATS), in a real Chromium: a county duty officer at Länsstyrelsen
// signs in and watches an incident opened in Halmstad arrive, on a desktop and on a phone.

/** How long a change may take from POST to screen: outbox relay, NATS, projection, SSE, render. */
const LIVE_MS = 10_000;
/** No service answers here; roster and support centres are not needed by this screen. */
const UNUSED = "http://127.0.0.1:9";
const AUDIENCE = "krisstod";

let ns: TestNamespace;
let identity: RunningIdentity;
let activation: RunningService;
let reporting: RunningService;
let dashboard: RunningDashboard;
let browser: Browser;

/** The services trust the development issuer the browser signs in with, not the namespace's. */
const serviceEnv = (overrides: { PORT?: number } = {}) =>
  ns.serviceEnv({
    OIDC_ISSUER: identity.issuer,
    OIDC_JWKS_URL: `${identity.url}/jwks`,
    OIDC_AUDIENCE: AUDIENCE,
    ...overrides,
  });

beforeAll(async () => {
  ns = await createTestNamespace();
  // The issuer must know the dashboard's origin (its redirect URI) before the dashboard starts.
  const dashboardPort = await findFreePort();
  identity = await startIdentity({
    IDENTITY_PORT: 0,
    OIDC_AUDIENCE: AUDIENCE,
    LOG_LEVEL: "silent",
    CORS_ORIGINS: [`http://127.0.0.1:${dashboardPort}`],
  });
  activation = await startService(activationService, serviceEnv());
  reporting = await startService(reportingService, serviceEnv());
  dashboard = await startDashboardDevServer({
    targets: {
      identity: identity.url,
      roster: UNUSED,
      activation: activation.url,
      "support-centres": UNUSED,
      reporting: reporting.url,
    },
    browser: { issuer: identity.issuer, clientId: identity.clientId, scopes: "openid profile" },
    port: dashboardPort,
    hmr: false,
    cacheDir: fileURLToPath(new URL("../node_modules/.vite-browser-test", import.meta.url)),
    // Proxy errors while the reporting service is deliberately down would only be noise.
    logLevel: "silent",
  });
  browser = await launchChromium();
});

afterAll(async () => {
  // Each step on its own, so one failure does not leave the others running.
  await browser?.close().catch(() => {});
  await dashboard?.close().catch(() => {});
  await reporting?.stop().catch(() => {});
  await activation?.stop().catch(() => {});
  await identity?.close().catch(() => {});
});

/** A token from the same development issuer, for a demo user named `<organisation>.<role>`. */
async function tokenOf(userId: string): Promise<string> {
  const response = await fetch(`${identity.url}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userId }),
  });
  expect(response.status).toBe(200);
  return TokenResponse.parse(await response.json()).access_token;
}

/** Halmstad's POSOM lead opens an incident, as from another screen. */
async function openIncident(title: string, location = { lat: 56.674, lon: 12.857 }): Promise<void> {
  const body: CreateIncidentBody = {
    organisationId: "kommun-1380",
    countyCode: "13",
    kind: "fire",
    title,
    description: "Brand i flerbostadshus, flera boende evakuerade.",
    location: { ...location, address: "Storgatan 1, Halmstad" },
    occurredAt: new Date().toISOString(),
    affectedMunicipalities: ["1380"],
  };
  const response = await fetch(`${activation.url}/incidents`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${await tokenOf("kommun-1380.posom-lead")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

const viewports = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 375, height: 740 },
] as const;

describe.each(viewports)("the regional map of Halland on a $width-px screen", (viewport) => {
  let context: BrowserContext;
  let page: Page;
  let loads = 0;
  const pageErrors: Error[] = [];
  const fire = `Brand i flerbostadshus på Söder (${viewport.name})`;
  const crash = `Trafikolycka på E6 vid Fyllinge (${viewport.name})`;

  beforeAll(async () => {
    // A fresh context is a fresh, empty profile: nothing cached from an earlier run.
    context = await browser.newContext({
      locale: "sv-SE",
      timezoneId: "Europe/Stockholm",
      viewport: { width: viewport.width, height: viewport.height },
    });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error));
    page.on("load", () => loads++);
  });
  afterAll(() => context?.close());

  const incidentList = () => page.getByRole("list", { name: "Pågående händelser" });
  const incidentInList = (title: string) => incidentList().getByRole("listitem", { name: title });
  // Leaflet makes a keyboard-enabled marker a role="button" named by its title.
  const markerOnMap = (title: string) =>
    page.getByRole("region", { name: "Karta över Hallands län" }).getByRole("button", { name: title });
  const lostBanner = () =>
    page.getByRole("alert").filter({ hasText: "Förbindelsen med lägesbilden är bruten" });
  const liveIndicator = () => page.getByText("Uppdateras direkt");

  it("signs in as Länsstyrelsen's county observer, who is then named in the header", async () => {
    await signIn(page, "lansstyrelsen-13.county-observer", dashboard.url);
    // From here on the page is never loaded again: everything arrives live.
    loads = 0;

    const signedIn = page.getByRole("region", { name: "Inloggad" });
    await signedIn.getByText("Länsstyrelsen Hallands län").waitFor();
    await signedIn.getByText("Länsobservatör").waitFor();
    // The sign-in lives in this tab's sessionStorage only (the tokens, nothing else); nothing in
    // localStorage, IndexedDB or a cookie the page can read.
    const stored = await page.evaluate(async () => ({
      local: localStorage.length,
      session: Object.keys(sessionStorage).filter((key) => !key.startsWith("oidc.user:")),
      databases: (await indexedDB.databases()).length,
      cookies: document.cookie,
    }));
    expect(stored).toEqual({ local: 0, session: [], databases: 0, cookies: "" });
  });

  it("shows the observer's county with its municipalities, named, with no map tiles to download", async () => {
    await page.getByRole("heading", { level: 1, name: "Krisstöd – Hallands län" }).waitFor();
    const map = page.getByRole("region", { name: "Karta över Hallands län" });
    for (const name of ["Halmstad", "Laholm", "Hylte", "Falkenberg", "Varberg", "Kungsbacka"]) {
      await map.locator(".municipality-label").getByText(name, { exact: true }).waitFor();
    }
    // One boundary per municipality of the county, and none of another county's.
    expect(await map.locator("path.leaflet-interactive").count()).toBe(6);
    expect(await map.getByText("Båstad", { exact: true }).count()).toBe(0);
    await incidentList().or(page.getByText("Inga pågående händelser.")).first().waitFor();
  });

  it("shows an incident opened in Halmstad in the list and on the map, without a reload", async () => {
    // The picture is loaded once and never refetched: the incident can only arrive live.
    await liveIndicator().waitFor({ timeout: LIVE_MS });
    await openIncident(fire);

    const item = incidentInList(fire);
    await item.waitFor({ timeout: LIVE_MS });
    await item.getByText("Brand", { exact: true }).waitFor();
    await item.getByText("Halmstad", { exact: true }).waitFor();

    const marker = markerOnMap(fire);
    await marker.waitFor({ timeout: LIVE_MS });
    // By keyboard: at county zoom on a phone, the other run's markers nearby may lie on top of it
    // (markers do not cluster yet).
    await marker.press("Enter");
    const popup = page.locator(".leaflet-popup");
    await popup.getByText(fire).waitFor();
    await popup.getByRole("button", { name: "Close popup" }).click();
    await popup.waitFor({ state: "detached" });

    // From the list, the same incident is found on the map.
    await item.getByRole("button", { name: `Visa på kartan: ${fire}` }).click();
    await popup.getByText(fire).waitFor();

    expect(loads).toBe(0);
  });

  it("says when the live connection is lost, keeps the last picture, and catches up on return", async () => {
    await liveIndicator().waitFor();
    const before = await incidentList().getByRole("listitem").count();
    const port = reporting.port;
    await reporting.stop();

    await lostBanner().waitFor({ timeout: LIVE_MS });
    // The last known picture stays on screen while the feed is down.
    await incidentInList(fire).waitFor();

    // Opened while the dashboard cannot hear about it: it must arrive once the feed is back.
    await openIncident(crash, { lat: 56.645, lon: 12.905 });

    reporting = await startService(reportingService, serviceEnv({ PORT: port }));
    await lostBanner().waitFor({ state: "detached", timeout: LIVE_MS });
    await incidentInList(crash).waitFor({ timeout: LIVE_MS });
    await markerOnMap(crash).waitFor({ timeout: LIVE_MS });
    expect(await incidentList().getByRole("listitem").count()).toBe(before + 1);

    expect(loads).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("signs out back to the sign-in screen, with nothing of the picture left on it", async () => {
    await page.getByRole("region", { name: "Inloggad" }).getByRole("button", { name: "Logga ut" }).click();
    await page.getByRole("heading", { name: "Logga in" }).waitFor();
    expect(await page.getByText(fire).count()).toBe(0);
  });
});
