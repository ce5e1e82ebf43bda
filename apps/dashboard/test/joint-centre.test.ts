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
  it("Halmstad creates it on the dashboard naming the region; the region's PKL lead accepts; Halmstad sees it accepted", async () => {
    await signIn(page, HALMSTAD, stack.dashboard.url);
    await goTo(page, sv.nav.centres);
    const create = page.getByRole("form", { name: sv.centres.createHeading });
    await create.getByRole("textbox", { name: sv.centres.name }).fill("Sporthallen");
    await create
      .getByRole("combobox", { name: sv.centres.jointWith })
      .selectOption({ label: "Region Halland" });
    await create.getByRole("button", { name: sv.centres.create }).click();
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

  // Halland: "stödcentrum kan öppnas gemensamt av POSOM och PKL"; PKL registers every visitor,
  // POSOM may count one anonymously; "Särskild uppmärksamhet … till barn"; "proaktiv uppföljning".
  it("staff of both sides register at the joint centre by their own side's rule; a child gets a guardian and is handed over", async () => {
    const form = () => page.getByRole("form", { name: sv.centres.registerHeading("Sporthallen") });
    const status = (text: string) => form().getByRole("status").getByText(text).waitFor({ timeout: LIVE_MS });
    await signIn(page, "kommun-1380.centre-staff", stack.dashboard.url);
    await goTo(page, sv.nav.centres);
    // A named adult who wants a follow-up call, then one counted anonymously (POSOM's side).
    await form().getByRole("textbox", { name: sv.centres.visitorName }).fill("Anna Andersson");
    await form().getByRole("textbox", { name: sv.centres.personnummer }).fill("19121212-1212");
    await form().getByRole("checkbox", { name: sv.centres.consentToFollowUp }).check();
    await form().getByRole("button", { name: sv.centres.register }).click();
    await status(sv.centres.registered);
    await form().getByRole("button", { name: sv.centres.anonymous }).click();
    await status(sv.centres.anonymousRegistered);
    // A child with Anna as guardian, and a child who came alone.
    await form().getByRole("textbox", { name: sv.centres.visitorName }).fill("Lisa Andersson");
    await form().getByRole("textbox", { name: sv.centres.dateOfBirth }).fill("2018-03-04");
    await form().getByRole("spinbutton", { name: sv.centres.childAge }).fill("8");
    await form()
      .getByRole("combobox", { name: sv.centres.guardian })
      .selectOption({ label: "Anna Andersson" });
    await form().getByRole("button", { name: sv.centres.register }).click();
    await status(sv.centres.registered);
    await form().getByRole("textbox", { name: sv.centres.visitorName }).fill("Kalle Berg");
    await form().getByRole("textbox", { name: sv.centres.dateOfBirth }).fill("2019-05-01");
    await form().getByRole("spinbutton", { name: sv.centres.childAge }).fill("7");
    await form().getByRole("button", { name: sv.centres.register }).click();
    await status(sv.centres.registered);

    const present = page.getByRole("table", { name: sv.work.visitors.presentHeading("Sporthallen") });
    await present
      .getByRole("row", { name: /Kalle Berg/ })
      .getByText(sv.work.visitors.unaccompanied)
      .waitFor({ timeout: LIVE_MS });
    await present
      .getByRole("row", { name: /Lisa Andersson/ })
      .getByText(sv.work.visitors.childByHandover)
      .waitFor();
    // Kalle's guardian turns up: linked, he is no longer alone; then he is handed over to her.
    const care = panel("Sporthallen");
    await care
      .getByRole("combobox", { name: sv.work.visitors.guardian, exact: true })
      .first()
      .selectOption({ label: "Anna Andersson" });
    await care.getByRole("button", { name: sv.work.visitors.linkGuardian("Kalle Berg") }).click();
    await care.getByText(sv.work.visitors.guardianLinked("Kalle Berg")).waitFor({ timeout: LIVE_MS });
    await present
      .getByRole("row", { name: /Kalle Berg/ })
      .getByText(sv.work.visitors.childByHandover)
      .waitFor({ timeout: LIVE_MS });
    const handover = care.getByRole("form", { name: sv.work.visitors.handoverHeading("Kalle Berg") });
    await handover.getByRole("textbox", { name: sv.work.visitors.handedToName }).fill("Anna Andersson");
    await handover.getByRole("textbox", { name: sv.work.visitors.handedToRelation }).fill("moster");
    await handover.getByRole("button", { name: sv.work.visitors.handOver }).click();
    await care.getByText(sv.work.visitors.handedOver("Kalle Berg")).waitFor({ timeout: LIVE_MS });
    await present.getByRole("row", { name: /Kalle Berg/ }).waitFor({ state: "detached", timeout: LIVE_MS });
    // Anna is referred on to the health centre for what the centre does not give (Halland:
    // "Rutiner för att remittera drabbade till andra instanser").
    const refer = care.getByRole("region", { name: sv.work.visitors.referHeading });
    await refer
      .getByRole("combobox", { name: sv.work.visitors.referWho })
      .selectOption({ label: "Anna Andersson" });
    await refer
      .getByRole("combobox", { name: sv.work.visitors.referTo })
      .selectOption({ label: sv.work.visitors.destinations["primary-care"] });
    await refer.getByRole("button", { name: sv.work.visitors.refer }).click();
    await refer
      .getByRole("status")
      .getByText(sv.work.visitors.referred("Anna Andersson", sv.work.visitors.destinations["primary-care"]))
      .waitFor({ timeout: LIVE_MS });
    await present
      .getByRole("row", { name: /Anna Andersson/ })
      .getByText(
        new RegExp(
          sv.work.visitors.referredTo(sv.work.visitors.destinations["primary-care"]).replace(/[()/]/g, "."),
        ),
      )
      .waitFor({ timeout: LIVE_MS });

    // PKL's side registers everyone: no anonymous button, and a named visitor goes in.
    await signIn(page, "region-13.centre-staff", stack.dashboard.url);
    await goTo(page, sv.nav.centres);
    await form().waitFor();
    expect(await form().getByRole("button", { name: sv.centres.anonymous }).count()).toBe(0);
    await form().getByRole("textbox", { name: sv.centres.visitorName }).fill("Bertil Berg");
    await form().getByRole("textbox", { name: sv.centres.dateOfBirth }).fill("1950-02-03");
    await form().getByRole("button", { name: sv.centres.register }).click();
    await status(sv.centres.registered);

    // Only Anna agreed to a follow-up: she is on Halmstad's list, and only she.
    const followUp = await fetch(`${stack.centres.url}/follow-up?incidentId=${incidentId}`, {
      headers: { Authorization: `Bearer ${await token(HALMSTAD)}` },
    });
    expect(followUp.status).toBe(200);
    expect(((await followUp.json()) as { name: string }[]).map((e) => e.name)).toEqual(["Anna Andersson"]);
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
