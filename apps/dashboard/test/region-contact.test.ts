import type { CreateIncidentBody } from "@krisstod/contracts";
import type { RunningIdentity } from "@krisstod/identity";
import type { RunningService } from "@krisstod/runtime";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningDashboard } from "../dev-server.ts";
import { signIn } from "./sign-in.ts";
import { demoTokens, type FullStack, SHOTS, startFullStack } from "./stack.ts";

// Halland "Kontaktvägar": "Kontakter med Region Halland sker via TIB (tjänsteperson i beredskap).
// Ibland behöver inte PKL aktiveras utan det kan istället handla om enskilda kompetenser inom Region
// Halland, exempelvis från BUP (barn och ungdomspsykiatri) eller vuxenpsykiatrin. Även då tas
// kontakterna via TIB." Laholm's POSOM lead asks the region's TIB for BUP staff on the mutual-aid
// screen; Region Halland's TIB sees the request on the region screen and answers; Laholm sees the
// answer. Every real service with the Halland demo data, a real Chromium.

const LIVE_MS = 20_000;
const INCIDENT = "Skolbussolycka vid Mellbystrand";
const NEED = "Många barn på bussen: två från BUP till Mellby skola från 15.00.";
const ANSWER = "Två BUP-kuratorer är på plats 15.30.";

let stack: FullStack;
let identity: RunningIdentity;
let activation: RunningService;
let dashboard: RunningDashboard;
let browser: Browser;
let laholm: Page;
let tib: Page;
const pageErrors: Error[] = [];

beforeAll(async () => {
  stack = await startFullStack();
  ({ identity, activation, dashboard, browser } = stack);
  const context = () =>
    browser.newContext({
      locale: "sv-SE",
      timezoneId: "Europe/Stockholm",
      viewport: { width: 1280, height: 900 },
    });
  laholm = await (await context()).newPage();
  tib = await (await context()).newPage();
  for (const page of [laholm, tib]) page.on("pageerror", (error) => pageErrors.push(error));
  const body: CreateIncidentBody = {
    kind: "accident",
    title: INCIDENT,
    location: { lat: 56.53, lon: 12.95, address: "Mellbystrand" },
    occurredAt: new Date().toISOString(),
    affectedMunicipalities: ["1381"],
  };
  const created = await fetch(`${activation.url}/incidents`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${await tokenOf("kommun-1381.posom-lead")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
  expect(created.status, await created.clone().text()).toBe(201);
});

afterAll(() => stack?.close());

const tokenOf = demoTokens(() => identity.url);
const menu = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name, exact: true }).click();

describe("contacts with Region Halland go through its TIB", () => {
  it("Laholm asks the region's TIB for BUP staff, the TIB answers on the region screen, Laholm sees the answer", async () => {
    await signIn(laholm, "kommun-1381.posom-lead", dashboard.url);
    await menu(laholm, "Ömsesidigt stöd");
    const contact = laholm.getByRole("region", { name: "Kontakt med regionen via TIB" });
    const form = contact.getByRole("form", { name: "Ny förfrågan till regionens TIB" });
    await form
      .getByRole("combobox", { name: "Händelse" })
      .selectOption({ label: INCIDENT }, { timeout: LIVE_MS });
    await form
      .getByRole("combobox", { name: "Kompetens" })
      .selectOption({ label: "BUP (barn- och ungdomspsykiatri)" });
    await form.getByRole("spinbutton", { name: "Antal personer" }).fill("2");
    await form.getByRole("textbox", { name: "Vad behövs, var och när" }).fill(NEED);
    await form.getByRole("button", { name: "Skicka till TIB" }).click();
    await form.getByRole("status").getByText("Förfrågan är skickad till regionens TIB.").waitFor();
    const mine = contact.getByRole("article", { name: `${INCIDENT} · 2 × BUP (barn- och ungdomspsykiatri)` });
    await mine.getByText("Väntar på svar från TIB").waitFor();

    // Region Halland's TIB, on the region screen.
    await signIn(tib, "region-13.region-tib", dashboard.url);
    await menu(tib, "Region: POSOM och PKL");
    const inbox = tib.getByRole("region", { name: "Förfrågningar från kommunerna" });
    const asked = inbox.getByRole("article", { name: `${INCIDENT} · 2 × BUP (barn- och ungdomspsykiatri)` });
    await asked.getByText(NEED).waitFor({ timeout: LIVE_MS });
    await asked.getByText(/^Från Laholm/).waitFor();
    const answer = asked.getByRole("form", { name: new RegExp(`^Svar till Laholm.* om ${INCIDENT}$`) });
    await answer.getByRole("radio", { name: "Regionen skickar" }).check();
    await answer.getByRole("textbox", { name: "Meddelande till kommunen" }).fill(ANSWER);
    await answer.getByRole("button", { name: "Svara" }).click();
    await asked.getByText("Besvarad").waitFor({ timeout: LIVE_MS });
    expect(await answer.count()).toBe(0);
    await tib.screenshot({ path: `${SHOTS}region-contact-tib.png`, fullPage: true });

    // Laholm sees the answer (fetched again as the picture moves on, or on its half-minute round).
    await laholm.reload();
    await mine.getByText(ANSWER).waitFor({ timeout: LIVE_MS });
    await mine.getByText("Regionen skickar").waitFor();
    await laholm.screenshot({ path: `${SHOTS}region-contact-laholm.png`, fullPage: true });

    // In English too.
    await laholm.getByRole("combobox", { name: /^(Språk|Language)$/ }).selectOption("en");
    await laholm
      .getByRole("region", { name: "Contact with the region through its TIB" })
      .getByText("The region sends")
      .waitFor();
    expect(pageErrors).toEqual([]);
  });

  // Halland "Kontaktvägar": "Kontakter med kommunerna tas via ordinarie larmvägar vid händelser.
  // Dessa kontaktvägar bör kommuniceras till Region Hallands TIB-funktion och andra berörda aktörer."
  it("shows the region's TIB how to alert Laholm's POSOM, as Laholm's lead keeps it under Larmlistor", async () => {
    await laholm.getByRole("combobox", { name: /^(Språk|Language)$/ }).selectOption("sv");
    const laholmRoute = () =>
      tib
        .getByRole("region", { name: "Larmvägar" })
        .getByRole("listitem")
        .filter({ hasText: "Laholms kommun" });
    // The demo's route, from Laholm's styrdokument 3.1 (HILL, the insatsledare i beredskap).
    await menu(tib, "Lägesbild");
    await laholmRoute()
      .getByText(/^Via HILL \(Hallands integrerade larm och ledning\)/)
      .waitFor({ timeout: LIVE_MS });

    await menu(laholm, "Larmlistor");
    const form = laholm.getByRole("form", { name: "Larmväg" });
    await form.getByRole("textbox", { name: "Telefon" }).fill("0430-150 99");
    await form
      .getByRole("textbox", { name: "Larmvägen i ord" })
      .fill("Ring HILL och begär POSOM:s ledningsgrupp, dygnet runt");
    await form.getByRole("button", { name: "Spara kontakten" }).click();
    await form.getByRole("status").getByText("Kontakten är sparad.").waitFor({ timeout: LIVE_MS });
    // The public contact beside it is another form, left as it was.
    expect(
      await laholm
        .getByRole("form", { name: "Kontakt för allmänheten" })
        .getByRole("textbox", { name: "Telefon" })
        .inputValue(),
    ).toBe("");

    await tib.reload();
    const shown = laholmRoute();
    await shown.getByRole("link", { name: "+4643015099" }).waitFor({ timeout: LIVE_MS });
    expect(await shown.getByRole("link", { name: "+4643015099" }).getAttribute("href")).toBe(
      "tel:+4643015099",
    );
    await shown.getByText("Ring HILL och begär POSOM:s ledningsgrupp, dygnet runt").waitFor();
    await tib.screenshot({ path: `${SHOTS}region-contact-alarm-route.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  // Laholm 3.1: "POSOMs ledningsgrupp består av representanter från Socialtjänsten, Polisen,
  // Räddningstjänsten och Svenska kyrkan." Halland: "Övriga organisationer som kan representeras i
  // ledningsgruppen är till exempel … Försvarsmakten."
  it("keeps whom Laholm's ledningsgrupp represents under Larmlistor; readiness names the one nobody comes from", async () => {
    await menu(laholm, "Larmlistor");
    const form = laholm.getByRole("form", { name: "Ledningsgruppens sammansättning" });
    const names = form.getByRole("textbox", { name: "Representerade organisationer" });
    // The demo's, from the styrdokument; the demo ledningsgrupp has a member from each.
    await expect
      .poll(() => names.inputValue(), { timeout: LIVE_MS })
      .toBe("Socialtjänsten\nPolisen\nRäddningstjänsten\nSvenska kyrkan");
    const laholmGaps = () =>
      laholm.getByRole("row").filter({ has: laholm.getByRole("rowheader", { name: "Laholms kommun" }) });
    await menu(laholm, "Beredskap");
    await laholmGaps().waitFor({ timeout: LIVE_MS });
    expect(
      await laholmGaps()
        .getByText(/^Ingen i ledningsgruppen representerar/)
        .count(),
    ).toBe(0);

    await menu(laholm, "Larmlistor");
    await names.fill("Socialtjänsten\nPolisen\nRäddningstjänsten\nSvenska kyrkan\nFörsvarsmakten");
    await form.getByRole("button", { name: "Spara sammansättningen" }).click();
    await form.getByRole("status").getByText("Sammansättningen är sparad.").waitFor({ timeout: LIVE_MS });
    await menu(laholm, "Beredskap");
    await laholmGaps()
      .getByText("Ingen i ledningsgruppen representerar: Försvarsmakten.")
      .waitFor({ timeout: LIVE_MS });
    await laholm.screenshot({ path: `${SHOTS}region-contact-composition.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  // Halland: Länsstyrelsen "Planera och sammankalla till arbetsgruppens möten, två halvdagar per
  // år"; "Nätverket träffas två gånger per år".
  it("Länsstyrelsen records the network's meeting on Beredskap: those who came lose the reminder, Laholm sees the meeting", async () => {
    const board = await (
      await browser.newContext({
        locale: "sv-SE",
        timezoneId: "Europe/Stockholm",
        viewport: { width: 1280, height: 900 },
      })
    ).newPage();
    board.on("pageerror", (error) => pageErrors.push(error));
    await signIn(board, "lansstyrelsen-13.county-observer", dashboard.url);
    await menu(board, "Beredskap");
    const rowOf = (name: string) =>
      board.getByRole("row").filter({ has: board.getByRole("rowheader", { name }) });
    const notMet = (name: string) => rowOf(name).getByText(/^Nätverket har inte träffats/);
    await notMet("Laholms kommun").waitFor({ timeout: LIVE_MS });
    await notMet("Halmstads kommun").waitFor();

    const form = board.getByRole("form", { name: "Registrera en nätverksträff" });
    // Everyone of the network is ticked to begin with; Halmstad did not come this time.
    await form.getByRole("checkbox", { name: "Halmstads kommun" }).uncheck();
    await form.getByRole("textbox", { name: "Tema eller anteckning" }).fill("Utvärdering av höstens övning");
    // Halland: "Riktlinjerna ses över av POSOM och PKL-nätverket en gång per år".
    await form.getByRole("checkbox", { name: "Nätverket såg över riktlinjerna på träffen" }).check();
    await form.getByRole("button", { name: "Registrera träffen" }).click();
    await form.getByRole("status").getByText("Träffen är registrerad.").waitFor({ timeout: LIVE_MS });
    await expect.poll(() => notMet("Laholms kommun").count(), { timeout: LIVE_MS }).toBe(0);
    expect(await notMet("Halmstads kommun").count()).toBe(1);
    const guidelineDue = (name: string) => rowOf(name).getByText(/^Riktlinjen har inte setts över/);
    expect(await guidelineDue("Laholms kommun").count()).toBe(0);
    expect(await guidelineDue("Halmstads kommun").count()).toBe(1);
    const meetings = (page: Page) => page.getByRole("list", { name: "POSOM- och PKL-nätverkets träffar" });
    await meetings(board)
      .getByText(/Laholms kommun.* – Utvärdering av höstens övning \(riktlinjerna översedda\)$/)
      .waitFor();
    await board.screenshot({ path: `${SHOTS}region-contact-network-meeting.png`, fullPage: true });

    // Laholm's lead sees the meeting; the form is Länsstyrelsen's.
    await menu(laholm, "Beredskap");
    await meetings(laholm)
      .getByText(/Utvärdering av höstens övning/)
      .waitFor({ timeout: LIVE_MS });
    expect(await laholm.getByRole("form", { name: "Registrera en nätverksträff" }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
