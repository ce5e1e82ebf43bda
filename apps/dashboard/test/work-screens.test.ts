import {
  Activation,
  type CreateIncidentBody,
  DevOutboxMessage,
  Evaluation,
  FaithCommunity,
  Person,
} from "@krisstod/contracts";
import { client, waitFor } from "@krisstod/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { signIn, signOut } from "./sign-in.ts";
import { demoIssuer, type FullStack, SHOTS, startFullStack } from "./stack.ts";

// Issue 8's work screens against every real service with the Halland demo data, in a real
// Chromium (one stack for the file): Laholm's after-work (names joined from the roster, hours,
// costs, the summary, an evaluation marked done), staffing a support centre (plan, check in with a
// forgotten time, check out, minutes worked) with language help for a visitor and the centre's language needs, and Länsstyrelsen
// editing and removing faith-community contacts; the same screens on a 375-px phone.

const LIVE_MS = 15_000;
const INCIDENT = "Gasutsläpp vid Mellbystrand";
const CENTRE = "Mellby församlingshem";
const LAHOLM_LEAD = "kommun-1381.posom-lead";
const OBSERVER = "lansstyrelsen-13.county-observer";
/** Languages the visitor form offers (src/centres/VisitorForm.tsx), Swedish excluded. */
const OFFERED = ["ar", "so", "fi", "de", "tr", "en"];

let stack: FullStack;
let context: BrowserContext;
let page: Page;
const pageErrors: Error[] = [];
let activationId: string;
/** The two who accepted the call-out, with their names as the roster has them. */
let accepted: { id: string; name: string }[] = [];

const issuer = demoIssuer((userId) => stack.tokenOf(userId));

/** A request as `userId`, to the activation service or through the dashboard's proxy (`/api/…`). */
async function call(userId: string, url: string, init: { method?: string; body?: unknown } = {}) {
  const base = url.startsWith("/api/") ? new URL(stack.dashboard.url).origin : stack.activation.url;
  return client(base, issuer)
    .as({ userId })
    .fetch(url, { method: init.method ?? "GET", ...(init.body === undefined ? {} : { json: init.body }) });
}

async function json<S extends z.ZodType>(response: Response, schema: S): Promise<z.infer<S>> {
  expect(response.ok, `${response.url} → ${response.status}: ${await response.clone().text()}`).toBe(true);
  return schema.parse(await response.json());
}

/**
 * Laholm's ledningsgrupp activated for an incident, two members accept through their answer links,
 * and the lead closes the activation: reporting then starts the after-work (an evaluation, debriefs).
 */
async function activatedAndClosed(): Promise<void> {
  const incident: CreateIncidentBody = {
    kind: "accident",
    title: INCIDENT,
    location: { lat: 56.52, lon: 12.95, address: INCIDENT },
    occurredAt: new Date().toISOString(),
    affectedMunicipalities: ["1381"],
    extraordinary: false,
  };
  const incidentId = (
    await json(
      await call(LAHOLM_LEAD, "/incidents", { method: "POST", body: incident }),
      z.object({ id: z.uuid() }),
    )
  ).id;
  activationId = (
    await json(
      await call("kommun-1381.activator", "/activations", {
        method: "POST",
        body: { incidentId, group: "management", reason: "Många evakuerade, behov av krisstöd", needed: 2 },
      }),
      Activation,
    )
  ).id;
  const answered = new Set<string>();
  await waitFor(
    async () => {
      const outbox = await json(
        await call(LAHOLM_LEAD, `/dev/outbox?activationId=${activationId}`),
        z.array(DevOutboxMessage),
      );
      for (const message of outbox) {
        if (answered.has(message.personId) || answered.size === 2) continue;
        answered.add(message.personId);
        const token = new URL(message.answerLink).searchParams.get("token") ?? "";
        const answer = await fetch(`${stack.activation.url}/call-outs/${activationId}/answer`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ token, answer: "accept" }),
        });
        expect(answer.status, await answer.clone().text()).toBeLessThan(300);
      }
      return answered.size === 2 ? true : undefined;
    },
    { timeoutMs: 20_000, message: "two of Laholm's ledningsgrupp answered" },
  );
  for (const id of answered) {
    const person = await json(await call(LAHOLM_LEAD, `/api/roster/people/${id}`), Person);
    accepted.push({ id, name: `${person.givenName} ${person.familyName}` });
  }
  accepted = accepted.sort((a, b) => a.name.localeCompare(b.name, "sv"));
  // Both acceptances in reporting's records before the close, so both are offered a debrief.
  await waitFor(
    async () => {
      const response = await call(LAHOLM_LEAD, `/api/reporting/activations/${activationId}/participants`);
      const rows = response.ok ? z.array(z.unknown()).parse(await response.json()) : [];
      return rows.length === 2 ? true : undefined;
    },
    { timeoutMs: LIVE_MS, message: "reporting recorded both participants" },
  );
  const closed = await call(LAHOLM_LEAD, `/activations/${activationId}/close`, { method: "POST", body: {} });
  expect(closed.status, await closed.clone().text()).toBe(200);
  // Someone reporting has no roster record of (a person from outside the call lists): shown by id.
  const outsider = await call(
    LAHOLM_LEAD,
    `/api/reporting/activations/${activationId}/participants/extern-17`,
    {
      method: "PUT",
      body: { organisationId: "kommun-1381", role: "support-person", hours: 3, hoursOutsideWorkingTime: 0 },
    },
  );
  expect(outsider.status, await outsider.clone().text()).toBe(200);
  // The close started the after-work: an evaluation of this activation, owned by the decider.
  await waitFor(
    async () => {
      const response = await call(LAHOLM_LEAD, "/api/reporting/evaluations");
      const evaluations = response.ok ? z.array(Evaluation).parse(await response.json()) : [];
      return evaluations.some((e) => e.activationIds.includes(activationId)) ? true : undefined;
    },
    { timeoutMs: LIVE_MS, message: "closing created the evaluation" },
  );
}

beforeAll(async () => {
  stack = await startFullStack();
  context = await stack.browser.newContext({
    locale: "sv-SE",
    timezoneId: "Europe/Stockholm",
    viewport: { width: 1280, height: 900 },
  });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error));
  await activatedAndClosed();
});

afterAll(() => stack?.close());

const signInAs = (userId: string, target: Page = page) => signIn(target, userId, stack.dashboard.url);
const menu = (name: string, target: Page = page) =>
  target.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name, exact: true }).click();
const shot = (name: string, target: Page = page) =>
  target.screenshot({ path: `${SHOTS}work-${name}.png`, fullPage: true });

/** "14:05": Stockholm's clock at an instant, as a time field takes it. */
const stockholmClock = (at: Date) =>
  new Intl.DateTimeFormat("sv-SE", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "Europe/Stockholm",
  }).format(at);
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("Laholm's after-work on a closed activation", () => {
  it("names the participants from the roster, records hours and a cost, and shows them in the summary", async () => {
    await signInAs("kommun-1381.posom-lead");
    await menu("Efterarbete");
    // Closed: gone from the live picture, still listed from reporting's records.
    const picker = page.getByRole("combobox", { name: "Aktivering" });
    await picker
      .getByRole("option", { name: `${INCIDENT} · POSOM-ledningsgrupp · Avslutad` })
      .waitFor({ state: "attached", timeout: LIVE_MS });
    await picker.selectOption({ label: `${INCIDENT} · POSOM-ledningsgrupp · Avslutad` });

    const participants = page.getByRole("table", { name: "Deltagare och stödsamtal" });
    const [first, second] = accepted as [{ id: string; name: string }, { id: string; name: string }];
    for (const person of [first, second]) {
      const row = participants.getByRole("row", { name: new RegExp(`^${literal(person.name)}`) });
      await row.waitFor({ timeout: LIVE_MS });
      // Closing offered a debrief to everyone who accepted.
      await row.getByRole("cell", { name: "Erbjudet" }).waitFor({ timeout: LIVE_MS });
    }
    await participants.getByRole("rowheader", { name: "extern-17" }).waitFor();
    // No roster id where a name was found.
    expect(await participants.getByRole("rowheader", { name: first.id }).count()).toBe(0);

    const hours = page.getByRole("form", { name: "Registrera timmar" });
    await hours.getByRole("combobox", { name: "Deltagare" }).selectOption({ label: first.name });
    await hours.getByRole("textbox", { name: "Timmar", exact: true }).fill("7,5");
    await hours.getByRole("textbox", { name: "Varav utanför ordinarie arbetstid (timmar)" }).fill("9");
    await hours.getByRole("button", { name: "Spara timmar" }).click();
    // Checked before anything is sent: more outside working time than in all.
    await hours.getByText("Kan inte vara fler än timmarna totalt.").waitFor();
    await hours.getByRole("textbox", { name: "Varav utanför ordinarie arbetstid (timmar)" }).fill("2,25");
    await hours.getByRole("button", { name: "Spara timmar" }).click();
    await hours
      .getByRole("status")
      .getByText(`Timmarna för ${first.name} är sparade.`)
      .waitFor({ timeout: LIVE_MS });
    const firstRow = participants.getByRole("row", { name: new RegExp(`^${literal(first.name)}`) });
    await firstRow.getByRole("cell", { name: "7,5", exact: true }).waitFor({ timeout: LIVE_MS });
    await firstRow.getByRole("cell", { name: "2,25", exact: true }).waitFor();

    const cost = page.getByRole("form", { name: "Registrera kostnad" });
    await cost.getByRole("combobox", { name: "Slag av kostnad" }).selectOption({ label: "Mat" });
    await cost.getByRole("textbox", { name: "Belopp (kr)" }).fill("tolvhundra");
    await cost.getByRole("button", { name: "Spara kostnad" }).click();
    await cost.getByText("Ange beloppet i kronor, t.ex. 1 250 eller 1 250,50.").waitFor();
    await cost.getByRole("textbox", { name: "Belopp (kr)" }).fill("1 250,50");
    await cost.getByRole("textbox", { name: "Anteckning" }).fill("Smörgåsar och kaffe");
    await cost.getByRole("button", { name: "Spara kostnad" }).click();
    await cost.getByRole("status").getByText("Kostnaden är sparad.").waitFor({ timeout: LIVE_MS });
    await cost.getByRole("combobox", { name: "Slag av kostnad" }).selectOption({ label: "Lokal" });
    await cost.getByRole("textbox", { name: "Belopp (kr)" }).fill("800");
    await cost.getByRole("button", { name: "Spara kostnad" }).click();
    await expect.poll(() => cost.getByRole("textbox", { name: "Belopp (kr)" }).inputValue()).toBe("");

    // Reporting's sums, as the summary shows them (Swedish decimal comma, kronor).
    const summary = page.getByRole("table", { name: "Sammanställning av aktiveringen" });
    const figure = (label: string) =>
      summary.getByRole("row", { name: new RegExp(`^${label}`) }).getByRole("cell");
    await expect.poll(() => figure("Timmar totalt").textContent(), { timeout: LIVE_MS }).toBe("10,5");
    expect(await figure("Deltagare").textContent()).toBe("3");
    expect(await figure("Varav utanför ordinarie arbetstid").textContent()).toBe("2,25");
    await expect
      .poll(() => figure("Kostnader totalt").textContent(), { timeout: LIVE_MS })
      .toMatch(/^2\s050,5\skr$/);
    expect(await figure("Mat").textContent()).toMatch(/^1\s250,5\skr$/);
    expect(await figure("Lokal").textContent()).toMatch(/^800\skr$/);
    expect(await figure("Stödsamtal erbjudna").textContent()).toBe("2");
    expect(await figure("varav obesvarade").textContent()).toBe("2");
    await shot("after-work-recorded");
  });

  it("records each participant's debrief: accepted and held on a day, declined, then counted in the summary", async () => {
    const participants = page.getByRole("table", { name: "Deltagare och stödsamtal" });
    const summary = page.getByRole("table", { name: "Sammanställning av aktiveringen" });
    const figure = (label: string) =>
      summary.getByRole("row", { name: new RegExp(`^${label}`) }).getByRole("cell");
    const [first, second] = accepted as [{ id: string; name: string }, { id: string; name: string }];
    const rowOf = (name: string) => participants.getByRole("row", { name: new RegExp(`^${literal(name)}`) });
    const status = (name: string) => rowOf(name).getByRole("cell").nth(2);
    const saved = page.getByRole("region", { name: "Deltagare och stödsamtal" }).getByRole("status");

    // Offered: the answer is what can be recorded.
    await rowOf(first.name)
      .getByRole("button", { name: `Tackade ja: ${first.name}` })
      .click();
    await saved.getByText(`Stödsamtal med ${first.name}: Tackat ja.`).waitFor({ timeout: LIVE_MS });
    expect(await status(first.name).textContent()).toBe("Tackat ja");
    // Accepted: only that it was held remains, on a day not after today.
    expect(
      await rowOf(first.name)
        .getByRole("button", { name: /^Tackade / })
        .count(),
    ).toBe(0);
    const heldDay = rowOf(first.name).getByLabel(`Datum för stödsamtalet med ${first.name}`);
    const stockholmDay = (at: number) =>
      new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Stockholm" }).format(new Date(at));
    await heldDay.fill(stockholmDay(Date.now() + 86_400_000));
    await rowOf(first.name)
      .getByRole("button", { name: `Genomfört: ${first.name}` })
      .click();
    await rowOf(first.name).getByText("Ange ett datum, senast i dag.").waitFor();
    expect(await status(first.name).textContent()).toBe("Tackat ja");
    const yesterday = Date.now() - 86_400_000;
    await heldDay.fill(stockholmDay(yesterday));
    await rowOf(first.name)
      .getByRole("button", { name: `Genomfört: ${first.name}` })
      .click();
    const heldOn = new Intl.DateTimeFormat("sv-SE", {
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone: "Europe/Stockholm",
    }).format(new Date(yesterday));
    await saved.getByText(`Stödsamtal med ${first.name}: Genomfört ${heldOn}.`).waitFor({ timeout: LIVE_MS });
    expect(await status(first.name).textContent()).toBe(`Genomfört ${heldOn}`);
    expect(
      await rowOf(first.name)
        .getByRole("button", { name: /^(Tackade|Genomfört)/ })
        .count(),
    ).toBe(0);
    // Laholm 3.7: the debriefs are organised "tillsammans med Företagshälsovården": a referral is recorded.
    await rowOf(first.name)
      .getByRole("button", { name: `Remiss till företagshälsovården för ${first.name}` })
      .click();
    const today = new Intl.DateTimeFormat("sv-SE", {
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone: "Europe/Stockholm",
    }).format(new Date());
    await rowOf(first.name)
      .getByText(`Remitterad till företagshälsovården ${today}`)
      .waitFor({ timeout: LIVE_MS });

    await rowOf(second.name)
      .getByRole("button", { name: `Tackade nej: ${second.name}` })
      .click();
    await saved.getByText(`Stödsamtal med ${second.name}: Tackat nej.`).waitFor({ timeout: LIVE_MS });
    expect(await status(second.name).textContent()).toBe("Tackat nej");
    // A decline may still become an acceptance (a change of mind); nothing else.
    expect(
      await rowOf(second.name)
        .getByRole("button", { name: /^Tackade/ })
        .allTextContents(),
    ).toEqual(["Tackade ja"]);
    // Added after the close: never offered, so nothing to record.
    const outsider = participants.getByRole("row", { name: /^extern-17/ });
    expect(await outsider.getByRole("cell").nth(2).textContent()).toBe("Inte erbjudet");
    expect(await outsider.getByRole("button").count()).toBe(0);

    await expect.poll(() => figure("varav genomförda").textContent(), { timeout: LIVE_MS }).toBe("1");
    await expect.poll(() => figure("varav tackat nej").textContent(), { timeout: LIVE_MS }).toBe("1");
    expect(await figure("Stödsamtal erbjudna").textContent()).toBe("2");
    expect(await figure("varav obesvarade").textContent()).toBe("0");
    expect(await figure("varav tackat ja, ännu inte genomförda").textContent()).toBe("0");
    await shot("after-work-debriefs");
  });

  it("marks the evaluation that closing started as done", async () => {
    const list = page.getByRole("list", { name: "Utvärderingar" });
    const item = list.getByRole("listitem").filter({ hasText: "pågår" }).first();
    await item.waitFor({ timeout: LIVE_MS });
    await item.getByRole("button", { name: /^Markera utvärderingen \(ansvarig .+\) som klar$/ }).click();
    await page
      .getByRole("status")
      .getByText("Utvärderingen är markerad som klar.")
      .waitFor({ timeout: LIVE_MS });
    const today = new Intl.DateTimeFormat("sv-SE", {
      day: "numeric",
      month: "short",
      timeZone: "Europe/Stockholm",
    }).format(new Date());
    const done = list.getByRole("listitem").filter({ hasText: "avslutad" });
    await done.waitFor({ timeout: LIVE_MS });
    expect(await done.textContent()).toContain("· klar");
    expect(await done.textContent()).toContain(`avslutad ${today}`);
    expect(await list.getByRole("button", { name: /som klar$/ }).count()).toBe(0);
    await shot("after-work-evaluation-done");
  });
});

describe("staffing a support centre", () => {
  it("plans a shift from the roster, checks in at a forgotten time, finds language help and checks out", async () => {
    // A Laholm person who speaks a language the visitor form offers.
    const people = await json(
      await call(LAHOLM_LEAD, "/api/roster/organisations/kommun-1381/people"),
      z.array(Person),
    );
    const speaker = people.find((p) => p.active && p.languages.some((l) => OFFERED.includes(l)));
    if (!speaker) throw new Error("the demo roster has nobody speaking a language offered");
    const language = OFFERED.find((l) => speaker.languages.includes(l)) ?? "";
    const languageName = new Intl.DisplayNames(["sv-SE"], { type: "language" }).of(language) ?? language;
    const name = `${speaker.givenName} ${speaker.familyName}`;

    await menu("Stödcentrum");
    const create = page.getByRole("form", { name: "Nytt stödcentrum" });
    await create.getByRole("combobox", { name: "Händelse" }).selectOption({ label: INCIDENT });
    await create.getByRole("textbox", { name: "Namn på platsen" }).fill(CENTRE);
    await create.getByRole("button", { name: "Skapa stödcentrum" }).click();
    await page.getByRole("button", { name: `Öppna ${CENTRE}` }).click({ timeout: LIVE_MS });

    const staffing = page.getByRole("region", { name: `Bemanning av ${CENTRE}` });
    const plan = staffing.getByRole("form", { name: `Planera pass i ${CENTRE}` });
    await plan.getByRole("button", { name: "Planera pass" }).click();
    await plan.getByText("Välj vem som ska arbeta.").waitFor();
    const personPicker = plan.getByRole("combobox", { name: "Person" });
    await personPicker
      .locator(`option[value="${speaker.id}"]`)
      .waitFor({ state: "attached", timeout: LIVE_MS });
    await personPicker.selectOption({ value: speaker.id });
    await plan.getByRole("button", { name: "Planera pass" }).click();
    await plan.getByRole("status").getByText("Passet är planerat.").waitFor({ timeout: LIVE_MS });
    const shifts = staffing.getByRole("table", { name: `Pass i ${CENTRE}` });
    const row = shifts.getByRole("row", { name: new RegExp(literal(name)) });
    await row.waitFor({ timeout: LIVE_MS });
    expect(await row.getByRole("cell").nth(1).textContent()).toBe("–");

    // Checked in an hour and a half ago, recorded now.
    const checkedIn = stockholmClock(new Date(Date.now() - 90 * 60_000));
    await staffing.getByLabel("Klockslag för in- eller utcheckning").fill(checkedIn);
    await row.getByRole("button", { name: `Checka in ${name}` }).click();
    await row
      .getByRole("cell")
      .nth(1)
      .getByText(new RegExp(`${checkedIn}$`))
      .waitFor({ timeout: LIVE_MS });
    await row.getByRole("button", { name: `Checka ut ${name}` }).waitFor();
    await shot("centre-checked-in");

    const register = page.getByRole("form", { name: `Registrera besökare i ${CENTRE}` });
    await register.getByRole("textbox", { name: "Namn", exact: true }).fill("Amal Besökare");
    await register.getByRole("textbox", { name: "Personnummer" }).fill("19121212-1212");
    await register.getByRole("combobox", { name: "Besökarens språk" }).selectOption({ value: language });
    await register.getByRole("button", { name: "Registrera besökare" }).click();
    await register.getByRole("status").getByText("Besökaren är registrerad.").waitFor({ timeout: LIVE_MS });
    const help = page.getByRole("region", { name: "Språkstöd" });
    await help.getByText(`Den senast registrerade besökaren behöver stöd på ${languageName}.`).waitFor();
    await help.getByRole("button", { name: `Visa vem som talar ${languageName}` }).click();
    // The colleague just checked in speaks it: no need to call anyone in or book an interpreter.
    await help
      .getByRole("list", { name: "I tjänst på centret" })
      .getByRole("listitem")
      .filter({ hasText: name })
      .waitFor({ timeout: LIVE_MS });
    expect(await help.getByText("boka tolk").count()).toBe(0);
    await shot("centre-language-help");

    // Every language the visitors still here need, counted, with whether anyone on shift speaks it.
    const needs = page.getByRole("region", { name: "Språkbehov just nu" });
    await needs.getByRole("button", { name: "Visa besökarnas språkbehov" }).click();
    await needs
      .getByRole("listitem")
      .filter({ hasText: new RegExp(`^${languageName}: \\d+ besökare · 1 i tjänst talar det$`) })
      .waitFor({ timeout: LIVE_MS });
    expect(await needs.textContent()).not.toContain("Amal Besökare");

    await row.getByRole("button", { name: `Checka ut ${name}` }).click();
    await row
      .getByRole("cell")
      .nth(3)
      .getByText(/^1 tim (30|31) min/)
      .waitFor({ timeout: LIVE_MS });
    expect(await row.getByRole("cell").nth(2).textContent()).toMatch(/\d{2}:\d{2}$/);
    expect(await row.getByRole("button").count()).toBe(0);
    await shot("centre-checked-out");
  });
});

describe("Länsstyrelsen's faith-community contacts", () => {
  it("edits a contact and removes another after a confirmation", async () => {
    // Signing in again loads the page afresh: the session lived in memory only.
    await signInAs("lansstyrelsen-13.county-observer");
    await menu("Trossamfund");
    const list = page.getByRole("table", { name: "Kontakter till trossamfund" });
    await list.getByRole("rowheader", { name: "Halmstads moské" }).waitFor({ timeout: LIVE_MS });

    await list.getByRole("button", { name: "Ändra Halmstads moské" }).click();
    const edit = page.getByRole("form", { name: "Ändra Halmstads moské" });
    const nameField = edit.getByRole("textbox", { name: "Namn" });
    // The form opens with the contact's details, focused on the name.
    expect(await nameField.inputValue()).toBe("Halmstads moské");
    await expect.poll(() => nameField.evaluate((el) => el === document.activeElement)).toBe(true);
    await nameField.fill("H");
    await edit.getByRole("button", { name: "Spara ändringar" }).click();
    await edit.getByText("Minst 2 tecken.").waitFor();
    await nameField.fill("Halmstads moské och kulturförening");
    await edit.getByRole("textbox", { name: "Telefon" }).fill("035-12 34 56");
    await edit.getByRole("button", { name: "Spara ändringar" }).click();
    await page.getByRole("status").getByText("Ändringarna är sparade.").waitFor({ timeout: LIVE_MS });
    const edited = list.getByRole("row", { name: /Halmstads moské och kulturförening/ });
    await edited.getByRole("link", { name: "+4635123456" }).waitFor({ timeout: LIVE_MS });
    expect(await list.getByRole("rowheader", { name: "Halmstads moské", exact: true }).count()).toBe(0);
    await shot("faith-edited");

    // Cancel first: nothing happens.
    await list.getByRole("button", { name: "Ta bort Pingstkyrkan i Falkenberg" }).click();
    const dialog = page.getByRole("dialog", { name: "Ta bort trossamfundet?" });
    await dialog.getByText("Pingstkyrkan i Falkenberg tas bort ur länets kontaktlista.").waitFor();
    await shot("faith-confirm");
    await dialog.getByRole("button", { name: "Avbryt" }).click();
    await dialog.waitFor({ state: "hidden" });
    await list.getByRole("rowheader", { name: "Pingstkyrkan i Falkenberg" }).waitFor();
    // Escape cancels too (the dialog is modal).
    await list.getByRole("button", { name: "Ta bort Pingstkyrkan i Falkenberg" }).click();
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await list.getByRole("rowheader", { name: "Pingstkyrkan i Falkenberg" }).waitFor();

    await list.getByRole("button", { name: "Ta bort Pingstkyrkan i Falkenberg" }).click();
    await dialog.getByRole("button", { name: "Ja, ta bort" }).click();
    await page
      .getByRole("status")
      .getByText("Pingstkyrkan i Falkenberg är borttaget ur listan.")
      .waitFor({ timeout: LIVE_MS });
    await expect
      .poll(() => list.getByRole("rowheader", { name: "Pingstkyrkan i Falkenberg" }).count(), {
        timeout: LIVE_MS,
      })
      .toBe(0);
    await shot("faith-removed");

    // As the service now has it.
    const stored = await json(
      await call(OBSERVER, "/api/reporting/faith-communities?county=13"),
      z.array(FaithCommunity),
    );
    expect(stored.map((c) => c.name)).toContain("Halmstads moské och kulturförening");
    expect(stored.map((c) => c.name)).not.toContain("Pingstkyrkan i Falkenberg");
    expect(stored.map((c) => c.name)).not.toContain("Halmstads moské");
    expect(pageErrors).toEqual([]);
  });
});

describe("on a 375-px phone", () => {
  it("keeps the after-work, the centre's staffing and the faith communities within the width", async () => {
    const phone = await stack.browser.newPage({
      locale: "sv-SE",
      timezoneId: "Europe/Stockholm",
      viewport: { width: 375, height: 740 },
    });
    const fits = async (screen: string, ready: () => Promise<void>) => {
      await menu(screen, phone);
      await ready();
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width, screen).toBeLessThanOrEqual(375);
    };
    await signInAs("kommun-1381.posom-lead", phone);
    await fits("Efterarbete", () =>
      phone.getByRole("table", { name: "Sammanställning av aktiveringen" }).waitFor({ timeout: LIVE_MS }),
    );
    await shot("phone-after-work", phone);
    await fits("Stödcentrum", () =>
      phone.getByRole("table", { name: `Pass i ${CENTRE}` }).waitFor({ timeout: LIVE_MS }),
    );
    await shot("phone-staffing", phone);
    await signOut(phone);
    await signInAs("lansstyrelsen-13.county-observer", phone);
    await fits("Trossamfund", () =>
      phone
        .getByRole("button", { name: /^Ändra / })
        .first()
        .waitFor({ timeout: LIVE_MS }),
    );
    await shot("phone-faith", phone);
    await phone.close();
  });
});
