import type { Centre } from "@krisstod/contracts";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "../src/i18n/en.ts";
import { sv } from "../src/i18n/sv.ts";
import { goTo, LIVE_MS } from "./browser.ts";
import { signIn } from "./sign-in.ts";
import { demoTokens, type FullStack, startFullStack } from "./stack.ts";

// A joint centre needs its named co-operator's consent (issue 18): Halmstad's POSOM lead names
// Region Halland's PKL, whose lead sees the request on the centres screen and accepts or declines
// it; Halmstad sees the answer. In a real Chromium against every real service.

let stack: FullStack;
let page: Page;
let token: (userId: string) => Promise<string>;
let incidentId: string;

const HALMSTAD = "kommun-1380.posom-lead";
const REGION = "region-13.pkl-lead";

async function post<T>(userId: string, url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${await token(userId)}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
}

/** Halmstad creates a joint centre naming Region Halland: it waits for the region's answer. */
const jointCentre = (name: string) =>
  post<Centre>(HALMSTAD, `${stack.centres.url}/centres`, {
    incidentId,
    operator: "joint",
    posomOrganisationId: "kommun-1380",
    pklOrganisationId: "region-13",
    name,
    location: { lat: 56.68, lon: 12.86, address: "Sporthallen, Halmstad" },
    functions: ["information-referral", "crisis-support-follow-up"],
    capacity: 80,
  });

/** Switches the dashboard to English (signing in again starts in Swedish). */
const inEnglish = () => page.getByRole("combobox", { name: sv.language.label }).selectOption("en");

/** The centre's panel on the centres screen. */
const panel = (name: string) => page.getByRole("region", { name: new RegExp(`^${name} · `) });

beforeAll(async () => {
  stack = await startFullStack();
  token = demoTokens(() => stack.identity.url);
  const incident = await post<{ id: string }>(HALMSTAD, `${stack.activation.url}/incidents`, {
    kind: "fire",
    title: "Brand i Halmstads sporthall",
    location: { lat: 56.67, lon: 12.86 },
    occurredAt: new Date().toISOString(),
    affectedMunicipalities: ["1380"],
  });
  incidentId = incident.id;
  const context = await stack.browser.newContext({ locale: "sv-SE", timezoneId: "Europe/Stockholm" });
  page = await context.newPage();
  page.setDefaultTimeout(45_000);
}, 240_000);
afterAll(() => stack?.close());

describe("a joint centre's co-operator answers on the dashboard", () => {
  it("the region's PKL lead sees Halmstad's request and accepts; Halmstad sees it accepted", async () => {
    const centre = await jointCentre("Sporthallen");
    expect(centre.partnership).toMatchObject({ organisationId: "region-13", status: "pending" });

    await signIn(page, HALMSTAD, stack.dashboard.url);
    await goTo(page, sv.nav.centres);
    await panel("Sporthallen").getByText(sv.centres.partnership("Region Halland", "pending")).waitFor();
    // The requester cannot answer for the region.
    expect(
      await panel("Sporthallen")
        .getByRole("button", { name: /gemensam drift/ })
        .count(),
    ).toBe(0);

    await signIn(page, REGION, stack.dashboard.url);
    await goTo(page, sv.nav.centres);
    const request = panel("Sporthallen");
    await request.getByText(sv.centres.partnershipRequest("Halmstads kommun")).waitFor();
    await request.getByRole("button", { name: sv.centres.acceptPartnership("Sporthallen") }).click();
    await request.getByText(sv.centres.partnership("Region Halland", "accepted")).waitFor();
    expect(await request.getByRole("button", { name: /gemensam drift/ }).count()).toBe(0);

    await signIn(page, HALMSTAD, stack.dashboard.url);
    await goTo(page, sv.nav.centres);
    await panel("Sporthallen")
      .getByText(sv.centres.partnership("Region Halland", "accepted"))
      .waitFor({ timeout: LIVE_MS });
    // Accepted, the centre opens.
    await panel("Sporthallen")
      .getByRole("button", { name: sv.centres.open("Sporthallen") })
      .click();
    await page
      .getByRole("region", {
        name: `Sporthallen · ${sv.centres.statuses.open} · ${sv.overview.operators.joint}`,
      })
      .waitFor({ timeout: LIVE_MS });
  });

  it("in English, the region's PKL lead declines; Halmstad sees it declined", async () => {
    await jointCentre("Folkets hus");
    await signIn(page, REGION, stack.dashboard.url);
    await inEnglish();
    await goTo(page, en.nav.centres, en.nav.label);
    const request = panel("Folkets hus");
    await request.getByText(en.centres.partnershipRequest("Halmstads kommun")).waitFor();
    await request.getByRole("button", { name: en.centres.declinePartnership("Folkets hus") }).click();
    await request.getByText(en.centres.partnership("Region Halland", "declined")).waitFor();

    await signIn(page, HALMSTAD, stack.dashboard.url);
    await inEnglish();
    await goTo(page, en.nav.centres, en.nav.label);
    await panel("Folkets hus")
      .getByText(en.centres.partnership("Region Halland", "declined"))
      .waitFor({ timeout: LIVE_MS });
  });
});
