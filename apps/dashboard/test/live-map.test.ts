import { fileURLToPath } from "node:url";
import { activationService } from "@krisstod/activation";
import type { CreateIncidentBody } from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDashboard, startDashboardDevServer } from "../dev-server.ts";

// The dashboard against the real activation and reporting services (real PostgreSQL and NATS),
// in a real Chromium: what a county duty officer sees when an incident is opened in Halmstad.

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** How long a change may take from POST to screen: outbox relay, NATS, projection, SSE, render. */
const LIVE_MS = 10_000;
/** No service answers here; roster and support centres are not needed by this screen. */
const UNUSED = "http://127.0.0.1:9";

let ns: TestNamespace;
let activation: RunningService;
let reporting: RunningService;
let dashboard: RunningDashboard;
let browser: Browser;
let page: Page;
let loads = 0;
const pageErrors: Error[] = [];

beforeAll(async () => {
  ns = await createTestNamespace();
  activation = await startService(activationService, ns.serviceEnv());
  reporting = await startService(reportingService, ns.serviceEnv());
  dashboard = await startDashboardDevServer({
    targets: {
      roster: UNUSED,
      activation: activation.url,
      "support-centres": UNUSED,
      reporting: reporting.url,
    },
    hmr: false,
    cacheDir: fileURLToPath(new URL("../node_modules/.vite-browser-test", import.meta.url)),
    // Proxy errors while the reporting service is deliberately down would only be noise.
    logLevel: "silent",
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  // A fresh context is a fresh, empty profile: nothing cached from an earlier run.
  page = await browser.newPage({ locale: "sv-SE", timezoneId: "Europe/Stockholm" });
  page.on("pageerror", (error) => pageErrors.push(error));
  await page.goto(dashboard.url);
  page.on("load", () => loads++);
});

afterAll(async () => {
  // Each step on its own, so one failure does not leave the others running.
  await browser?.close().catch(() => {});
  await dashboard?.close().catch(() => {});
  await reporting?.stop().catch(() => {});
  await activation?.stop().catch(() => {});
});

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
    // A Halmstad POSOM lead, as the services will ask once their guards are on.
    headers: await ns.headers(),
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

const incidentList = () => page.getByRole("list", { name: "Pågående händelser" });
const incidentInList = (title: string) => incidentList().getByRole("listitem", { name: title });
// Leaflet makes a keyboard-enabled marker a role="button" named by its title.
const markerOnMap = (title: string) =>
  page.getByRole("region", { name: "Karta över Hallands län" }).getByRole("button", { name: title });
const lostBanner = () =>
  page.getByRole("alert").filter({ hasText: "Förbindelsen med lägesbilden är bruten" });
const liveIndicator = () => page.getByText("Uppdateras direkt");

describe("the regional map of Halland", () => {
  it("shows the county's municipalities, named, with no map tiles to download", async () => {
    await page.getByRole("heading", { level: 1, name: "Krisstöd – Hallands län" }).waitFor();
    const map = page.getByRole("region", { name: "Karta över Hallands län" });
    for (const name of ["Halmstad", "Laholm", "Hylte", "Falkenberg", "Varberg", "Kungsbacka"]) {
      await map.getByText(name, { exact: true }).waitFor();
    }
    // One boundary per municipality of the county, and none of another county's.
    expect(await map.locator("path.leaflet-interactive").count()).toBe(6);
    expect(await map.getByText("Båstad", { exact: true }).count()).toBe(0);
    await page.getByText("Inga pågående händelser.").waitFor();
  });

  it("shows an incident opened in Halmstad in the list and on the map, without a reload", async () => {
    // The picture was loaded empty (above) and is never refetched: the incident can only arrive
    // over the live feed.
    const title = "Brand i flerbostadshus på Söder";
    await openIncident(title);

    const item = incidentInList(title);
    await item.waitFor({ timeout: LIVE_MS });
    await item.getByText("Brand", { exact: true }).waitFor();
    await item.getByText("Halmstad", { exact: true }).waitFor();
    await liveIndicator().waitFor();

    const marker = markerOnMap(title);
    await marker.waitFor({ timeout: LIVE_MS });
    await marker.click();
    const popup = page.locator(".leaflet-popup");
    await popup.getByText(title).waitFor();
    await popup.getByRole("button", { name: "Close popup" }).click();
    await popup.waitFor({ state: "detached" });

    // From the list, the same incident is found on the map.
    await item.getByRole("button", { name: `Visa ${title} på kartan` }).click();
    await popup.getByText(title).waitFor();

    expect(loads).toBe(0);
  });

  it("says when the live connection is lost, keeps the last picture, and catches up on return", async () => {
    await liveIndicator().waitFor();
    const port = reporting.port;
    await reporting.stop();

    await lostBanner().waitFor({ timeout: LIVE_MS });
    // The last known picture stays on screen while the feed is down.
    await incidentInList("Brand i flerbostadshus på Söder").waitFor();

    // Opened while the dashboard cannot hear about it: it must arrive once the feed is back.
    const title = "Trafikolycka på E6 vid Fyllinge";
    await openIncident(title, { lat: 56.645, lon: 12.905 });

    reporting = await startService(reportingService, ns.serviceEnv({ PORT: port }));
    await lostBanner().waitFor({ state: "detached", timeout: LIVE_MS });
    await incidentInList(title).waitFor({ timeout: LIVE_MS });
    await markerOnMap(title).waitFor({ timeout: LIVE_MS });
    expect(await incidentList().getByRole("listitem").count()).toBe(2);

    expect(loads).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
