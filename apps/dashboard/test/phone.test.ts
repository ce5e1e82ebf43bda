import type { AidRequestBody, CreateIncidentBody, Principal } from "@krisstod/contracts";
import { client, halland } from "@krisstod/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { RunningDashboard } from "../dev-server.ts";
import { signIn, signOut as signOutOf } from "./sign-in.ts";
import { demoIssuer, type FullStack, SHOTS, startFullStack } from "./stack.ts";

// Issue 20: the joint view of Region Halland's TIB (PKL's state, accepted people, mutual aid),
// singular and plural in Swedish, and every screen of the people who use a phone within 375 px
// with a header that leaves room for the screen. Real services and demo data, real Chromium.

const LIVE_MS = 15_000;
const INCIDENT = "Bussolycka i Laholm, natt";
const PHONE = { width: 375, height: 740 };

let stack: FullStack;
let dashboard: RunningDashboard;
let browser: Browser;
let page: Page;
const pageErrors: Error[] = [];
const issuer = demoIssuer((userId) => stack.tokenOf(userId));

/** A change through the activation service as a Halland demo user, as their own screen would make it. */
async function post(user: Principal, path: string, body: unknown) {
  const answer = await client(stack.activation, issuer).as(user).post(path, body);
  expect(answer.status, answer.text).toBeLessThan(300);
  return answer.json;
}

let incidentId = "";
beforeAll(async () => {
  stack = await startFullStack();
  ({ dashboard, browser } = stack);
  page = await browser.newPage({ locale: "sv-SE", timezoneId: "Europe/Stockholm", viewport: PHONE });
  page.on("pageerror", (error) => pageErrors.push(error));
  const incident: CreateIncidentBody = {
    kind: "accident",
    title: INCIDENT,
    location: { lat: 56.5129, lon: 13.0456, address: "Väg 24, Laholm" },
    occurredAt: new Date().toISOString(),
    affectedMunicipalities: ["1381"],
    extraordinary: true,
  };
  incidentId = z.object({ id: z.uuid() }).parse(await post(halland.laholmLead, "/incidents", incident)).id;
  // Laholm asks Halmstad for one support person.
  const now = Date.now();
  const request: AidRequestBody = {
    incidentId,
    quantity: 1,
    anticipatedFunction: "Krisstöd på stödcentrum",
    place: "Folkets hus, Laholm",
    from: new Date(now).toISOString(),
    to: new Date(now + 8 * 3_600_000).toISOString(),
    addressedTo: ["kommun-1380"],
  };
  const asked = z
    .object({ id: z.uuid() })
    .parse(await post(halland.laholmLead, "/mutual-aid/requests", request));
  // …and Halmstad offers that one.
  await post(halland.halmstadLead, `/mutual-aid/requests/${asked.id}/offers`, { quantity: 1 });
});

afterAll(() => stack?.close());

const signInAs = (userId: string, target: Page = page) => signIn(target, userId, dashboard.url);
const signOut = (target: Page = page) => signOutOf(target);
const menu = (name: string, target: Page = page) =>
  target.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name, exact: true }).click();

/** Every screen named, one after another: nothing wider than the phone, and a header that fits. */
async function withinPhone(screens: readonly string[], who: string) {
  // The header (name, who is signed in, language, sign-out) and the menu leave most of the
  // screen to the work: together at most 130 px of the phone's 740.
  const menuBox = await page.getByRole("navigation", { name: "Huvudmeny" }).boundingBox();
  expect((menuBox?.y ?? 0) + (menuBox?.height ?? 0), `${who}: header and menu`).toBeLessThanOrEqual(130);
  for (const screen of screens) {
    await menu(screen);
    await page.getByRole("heading", { level: 2 }).first().waitFor();
    // Charts, tables and the map lay themselves out after their data: wait until nothing says it
    // is loading, and for two frames after that.
    await page.waitForFunction(() => !/Laddar …|Hämtar /.test(document.body.textContent ?? ""));
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${who} · ${screen}`).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${SHOTS}phone-${who}-${screen}.png`, fullPage: true });
  }
}

describe("Swedish counts", () => {
  it("say '1 stödperson' and '1 person', not '1 personer'", async () => {
    await signInAs("kommun-1381.posom-lead");
    await menu("Ömsesidigt stöd");
    await page.getByRole("heading", { name: `Laholms kommun ber om 1 stödperson – ${INCIDENT}` }).waitFor({
      timeout: LIVE_MS,
    });
    await page.getByText("0 av 1 person klara", { exact: true }).waitFor();
    expect(await page.getByText(/\b1 personer\b/).count()).toBe(0);
  });
});

describe("on a 375-px phone", () => {
  it("keeps every screen of Laholm's POSOM lead within the phone's width", async () => {
    await withinPhone(
      [
        "Lägesbild",
        "Händelser",
        "Ömsesidigt stöd",
        "Stödcentrum",
        "Lägesrapporter",
        "Efterarbete",
        "Statistik",
      ],
      "laholm",
    );
  });

  it("keeps Länsstyrelsen's screens within the phone's width, the report list included", async () => {
    await signOut();
    await signInAs("lansstyrelsen-13.county-observer");
    await withinPhone(["Lägesbild", "Lägesrapporter", "Beredskap", "Statistik"], "lansstyrelsen");
  });
});

describe("Region Halland's TIB", () => {
  it("sees PKL at work when a PKL centre is open, with accepted people and mutual aid, on a phone too", async () => {
    await signOut();
    await signInAs("region-13.region-tib");
    await menu("Region: POSOM och PKL");
    const joint = page.getByRole("table", { name: "Gemensam lägesbild POSOM och PKL" });
    const row = joint.getByRole("row", { name: new RegExp(INCIDENT) });
    await row.getByRole("cell", { name: "Inte aktiverad" }).first().waitFor({ timeout: LIVE_MS });
    await page.getByRole("combobox", { name: "Händelse" }).selectOption({ label: INCIDENT });
    await page
      .getByRole("button", { name: "Öppna PKL-stödcentrum vid Hallands sjukhus Halmstad" })
      .click({ timeout: LIVE_MS });
    // With PKL's centre open, PKL is not "not activated".
    await row.getByRole("cell", { name: "I gång: 1 PKL-stödcentrum öppet" }).waitFor({ timeout: LIVE_MS });
    await row.getByRole("cell", { name: /Hallands sjukhus Halmstad \(PKL/ }).waitFor({ timeout: LIVE_MS });
    expect(await row.getByText("Inte aktiverad").count()).toBeLessThanOrEqual(1);
    await row
      .getByRole("cell", { name: "Halmstad → Laholm: 1 person (erbjudet)" })
      .waitFor({ timeout: LIVE_MS });
    await withinPhone(["Region: POSOM och PKL", "Lägesbild", "Statistik"], "region");
    expect(pageErrors).toEqual([]);
  });
});
