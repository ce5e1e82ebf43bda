import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_MS, openPage } from "./browser.ts";
import { signIn, signOut } from "./sign-in.ts";
import { type FullStack, openIncident, startFullStack } from "./stack.ts";

// The dashboard's forms check what is typed against the request bodies' contracts
// (packages/contracts) before sending, and say at the field what is wrong; a value the service
// refuses (problem+json naming the field) is said at that field too. Laholm's POSOM lead, a real
// Chromium, every real service.

const INCIDENT = "Brand i Veinge (formulär)";
// Veinge as the dashboard's town search places it: a centre chosen there is at the scene.
const VEINGE = { lat: 56.55, lon: 13.0667 };
/** A bus accident abroad with Laholm's pupils on board (Laholm 1.2 "på annan ort/land"). */
const ABROAD = "Bussolycka i Österrike, elever från Laholm";
const HOME_CENTRE = "Laholms gymnasium, aulan";
/** Laholm's action plan, as its POSOM lead writes it. */
const PLAN_STEPS = [
  "Kontakta räddningsledaren och ta reda på vad som hänt",
  "Informera kommunens TiB",
  "Öppna stödcentrum nära men inte vid platsen",
];
const FAITH_NEED = "Flera drabbade familjer är ortodoxa kristna och önskar stöd av sin församling.";
const FAITH_ANSWER = "Konferens kl. 16 hos Länsstyrelsen; Serbisk ortodoxa kyrkan i Halmstad kommer.";

let stack: FullStack;
let page: Page;
let errors: string[];

beforeAll(async () => {
  stack = await startFullStack();
  ({ page, errors } = await openPage(stack.browser, { name: "desktop", width: 1280, height: 800 }));
  await openIncident(stack, INCIDENT, VEINGE);
});
afterAll(async () => {
  await page?.context().close();
  await stack?.close();
});

/** What a screen reader reads after a control's name: its aria-describedby texts. */
const description = (control: Locator) =>
  control.evaluate((element) =>
    (element.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" "),
  );

const menu = (name: string) =>
  page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name, exact: true }).click();

describe("forms built on the contracts", () => {
  it("say at the field what the contract does not allow before sending, and what the service refused", async () => {
    await page.goto(stack.dashboard.url);
    await signIn(page, "kommun-1381.posom-lead", stack.dashboard.url);
    await menu("Stödcentrum");
    const create = page.getByRole("form", { name: "Nytt stödcentrum" });
    await create
      .getByRole("combobox", { name: "Händelse" })
      .selectOption({ label: INCIDENT }, { timeout: LIVE_MS });
    const name = create.getByRole("textbox", { name: "Namn på platsen" });
    const capacity = create.getByRole("spinbutton", { name: "Antal platser" });
    await capacity.fill("0");
    await create.getByRole("button", { name: "Skapa stödcentrum" }).click();

    // CreateCentreBody's rules, in Swedish, each at its field; nothing was sent.
    await expect.poll(() => capacity.getAttribute("aria-invalid")).toBe("true");
    expect(await description(capacity)).toContain("Minst 1.");
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    expect(await description(name)).toContain("Minst 2 tecken.");
    expect(await create.getByRole("alert").count()).toBe(0);
    // Corrected, the field is fine again at once.
    await capacity.fill("40");
    await expect.poll(() => capacity.getAttribute("aria-invalid")).toBe("false");

    // A place at the scene passes the contract; the service refuses it (a support centre is not
    // opened at the scene) and names `location`: the place's fieldset says so, and its search too.
    await name.fill("Veinge skola");
    const search = create.getByRole("searchbox", { name: "Sök plats" });
    await search.fill("vein");
    await create
      .getByRole("list", { name: "Platser som matchar" })
      .getByRole("button", { name: "Välj Veinge (Laholm)" })
      .click();
    await create.getByRole("button", { name: "Skapa stödcentrum" }).click();
    await create.getByRole("alert").getByText(/Plats/).waitFor({ timeout: LIVE_MS });
    await create
      .getByRole("group", { name: "Plats" })
      .getByText("Tjänsten godtog inte det här värdet.")
      .waitFor();
    expect(await description(search)).toContain("Tjänsten godtog inte det här värdet.");

    // Mutual aid: asking nobody is refused by AidRequestBody's `addressedTo`, in the form's own words.
    await menu("Ömsesidigt stöd");
    const ask = page.getByRole("form", { name: "Be om stödpersoner" });
    await ask
      .getByRole("combobox", { name: "Händelse" })
      .selectOption({ label: INCIDENT }, { timeout: LIVE_MS });
    await ask.getByRole("textbox", { name: "Uppgift" }).fill("Krisstöd i Veinge skola");
    await ask.getByRole("button", { name: "Skicka förfrågan" }).click();
    await ask
      .getByRole("group", { name: "Fråga" })
      .getByText("Välj minst en grannkommun, eller hela länet.")
      .waitFor();
    expect(await ask.getByRole("status").count()).toBe(0);

    // In English the contract's complaint is English.
    await page.getByRole("combobox", { name: /^(Språk|Language)$/ }).selectOption("en");
    const askEn = page.getByRole("form", { name: "Ask for support persons" });
    const people = askEn.getByRole("spinbutton", { name: "Number of people" });
    await people.fill("0");
    await askEn.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => description(people)).toContain("At least 1.");
    // The one refused request above is the browser's only complaint.
    expect(errors).toEqual([expect.stringMatching(/status of 422 .*\/api\/support-centres\/centres/)]);
  });

  // Laholm 1.2: POSOM supports "vid allvarliga händelser på annan ort/land där invånare från
  // Laholms kommun är inblandade". The scene is abroad: the country and town are written, the
  // incident is placed where those affected live, and a centre there is not refused as at the scene.
  it("opens an incident abroad with the country and town written, and a support centre for it at home", async () => {
    await page.getByRole("combobox", { name: /^(Språk|Language)$/ }).selectOption("sv");
    await menu("Händelser");
    const form = page.getByRole("form", { name: "Ny händelse" });
    await form.getByRole("textbox", { name: "Rubrik" }).fill(ABROAD);
    await form
      .getByRole("combobox", { name: "Typ av händelse" })
      .selectOption({ label: "Händelse utomlands" });
    await form.getByText(/^Händelsen skedde utomlands\./).waitFor();
    expect(await form.getByRole("searchbox", { name: "Sök plats" }).count()).toBe(0);
    // Where it happened must be written: said at the field, nothing sent.
    await form.getByRole("button", { name: "Registrera händelsen" }).click();
    const place = form.getByRole("textbox", { name: "Land och ort" });
    await expect.poll(() => place.getAttribute("aria-invalid")).toBe("true");
    expect(await description(place)).toContain("Skriv i vilket land och på vilken ort det hände.");
    await place.fill("Österrike, Innsbruck");
    expect(await form.getByRole("checkbox", { name: "Laholm" }).isChecked()).toBe(true);
    await form.getByRole("button", { name: "Registrera händelsen" }).click();
    await form
      .getByRole("status")
      .getByText(`Händelsen ${ABROAD} är registrerad.`)
      .waitFor({ timeout: LIVE_MS });
    await page
      .getByRole("region", { name: ABROAD })
      .getByText(/Österrike, Innsbruck/)
      .waitFor({ timeout: LIVE_MS });

    // The families meet at home: a centre in Laholm for the incident abroad is created.
    await menu("Stödcentrum");
    const create = page.getByRole("form", { name: "Nytt stödcentrum" });
    await create
      .getByRole("combobox", { name: "Händelse" })
      .selectOption({ label: ABROAD }, { timeout: LIVE_MS });
    await create.getByRole("textbox", { name: "Namn på platsen" }).fill(HOME_CENTRE);
    await create.getByRole("spinbutton", { name: "Antal platser" }).fill("40");
    await create.getByRole("button", { name: "Skapa stödcentrum" }).click();
    await page
      .getByRole("region", { name: "Organisationens stödcentrum" })
      .getByText(HOME_CENTRE)
      .first()
      .waitFor({ timeout: LIVE_MS });
    expect(await create.getByRole("alert").count()).toBe(0);
  });

  // Halland: "Kontakter med trossamfund kan fås via Länsstyrelsens TiB … sammankalla flera berörda
  // trossamfund till en regional samverkanskonferens. Vid behov av samverkan kan kommunerna och
  // Region Halland kontakta Länsstyrelsens TiB."
  it("asks Länsstyrelsen's TiB to convene the faith communities; the TiB answers beside its list; the lead sees the answer", async () => {
    await menu("Trossamfund");
    const contact = page.getByRole("region", { name: "Kontakt med trossamfund via Länsstyrelsens TiB" });
    const ask = contact.getByRole("form", { name: "Ny förfrågan till Länsstyrelsens TiB" });
    await ask
      .getByRole("combobox", { name: "Händelse" })
      .selectOption({ label: INCIDENT }, { timeout: LIVE_MS });
    // Nothing written: said at the field, nothing sent.
    await ask.getByRole("button", { name: "Skicka till Länsstyrelsens TiB" }).click();
    await ask.getByText("Skriv vad som behövs.").waitFor();
    await ask
      .getByRole("textbox", { name: "Vad behövs, och från vilken tro eller tradition" })
      .fill(FAITH_NEED);
    await ask
      .getByRole("checkbox", {
        name: "Sammankalla flera berörda trossamfund till en regional samverkanskonferens",
      })
      .check();
    await ask.getByRole("button", { name: "Skicka till Länsstyrelsens TiB" }).click();
    await ask
      .getByRole("status")
      .getByText("Förfrågan är skickad till Länsstyrelsens TiB.")
      .waitFor({ timeout: LIVE_MS });
    const mine = contact.getByRole("article", {
      name: new RegExp(`^${INCIDENT.replace(/[()]/g, "\\$&")} · Från`),
    });
    await mine.getByText("Väntar på svar från Länsstyrelsens TiB").waitFor({ timeout: LIVE_MS });

    // Länsstyrelsen's TiB finds it beside the county's list of faith communities, and answers.
    await signOut(page);
    await signIn(page, "lansstyrelsen-13.county-observer", stack.dashboard.url);
    await menu("Trossamfund");
    const inbox = page.getByRole("region", { name: "Förfrågningar om trossamfund" });
    const request = inbox.getByRole("article", { name: /· Från Laholm/ });
    await request.getByText(FAITH_NEED).waitFor({ timeout: LIVE_MS });
    await request.getByText(/samverkanskonferens önskas/).waitFor();
    const reply = request.getByRole("form", {
      name: new RegExp(`^Svar till Laholm.* om ${INCIDENT.replace(/[()]/g, "\\$&")}$`),
    });
    expect(await reply.getByRole("radio", { name: "Samverkanskonferens sammankallad" }).isChecked()).toBe(
      true,
    );
    await reply.getByRole("textbox", { name: "Svar" }).fill(FAITH_ANSWER);
    await reply.getByRole("button", { name: "Skicka svar" }).click();
    await request.getByText(FAITH_ANSWER).waitFor({ timeout: LIVE_MS });
    await request.getByText("Besvarad").waitFor();
    expect(await request.getByRole("form").count()).toBe(0);

    // Back at Laholm, the lead reads the answer.
    await signOut(page);
    await signIn(page, "kommun-1381.posom-lead", stack.dashboard.url);
    await menu("Trossamfund");
    const answered = page
      .getByRole("region", { name: "Kontakt med trossamfund via Länsstyrelsens TiB" })
      .getByRole("article", { name: new RegExp(`^${INCIDENT.replace(/[()]/g, "\\$&")} · Från`) });
    await answered.getByText(FAITH_ANSWER).waitFor({ timeout: LIVE_MS });
    await answered.getByText("Samverkanskonferens sammankallad").waitFor();
  });

  // Laholm 3.2: "Upprätta operativ handlingsplan och hålla larmlistor aktuella"; Lekeberg: "hålla
  // handlingsplan, checklistor och larmlistor uppdaterade".
  it("keeps the action plan under Larmlistor and works through it as a checklist once the ledningsgrupp is activated", async () => {
    await menu("Larmlistor");
    const planForm = page.getByRole("form", { name: "Handlingsplan och checklista" });
    // Laholm's demo plan is its styrdokument's list (3.2 "Under ett krishanteringsarbete").
    const stepsField = planForm.getByRole("textbox", { name: "Steg, ett per rad" });
    await expect
      .poll(() => stepsField.inputValue(), { timeout: LIVE_MS })
      .toContain("Bedöma behovet av att kalla in stödpersoner");
    await planForm.getByText(/^Senast granskad /).waitFor();
    await stepsField.fill("");
    await planForm.getByRole("button", { name: "Spara handlingsplanen" }).click();
    await planForm.getByText("Skriv minst ett steg.").waitFor();
    await stepsField.fill(`${PLAN_STEPS[0]}\n\n${PLAN_STEPS[1]}\n${PLAN_STEPS[2]}`);
    await planForm.getByRole("button", { name: "Spara handlingsplanen" }).click();
    await planForm
      .getByRole("status")
      .getByText("Handlingsplanen är sparad och granskad.")
      .waitFor({ timeout: LIVE_MS });

    // The ledningsgrupp is activated for the incident (by the kommunchef, as from a phone).
    const token = await stack.tokenOf("kommun-1381.activator");
    const incidents = (await (
      await fetch(`${stack.activation.url}/incidents`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { id: string; title: string }[];
    const incidentId = incidents.find((i) => i.title === INCIDENT)?.id;
    const decided = await fetch(`${stack.activation.url}/activations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ incidentId, group: "management", reason: "Brand, många drabbade", needed: 1 }),
    });
    expect(decided.status, await decided.clone().text()).toBe(201);

    await menu("Aktivering och inkallning");
    await page.getByRole("combobox", { name: "Händelse" }).first().selectOption({ label: INCIDENT });
    const checklist = page.getByRole("region", { name: "Checklista ur handlingsplanen" });
    const steps = checklist.getByRole("listitem");
    await expect.poll(() => steps.count(), { timeout: LIVE_MS }).toBe(3);
    await checklist.getByRole("button", { name: `Klart: ${PLAN_STEPS[1]}` }).click();
    await steps
      .nth(1)
      .getByText(/ · klart /)
      .waitFor({ timeout: LIVE_MS });
    expect(await checklist.getByRole("button", { name: /^Klart: / }).count()).toBe(2);

    // The step done is an entry in the ledningsgrupp's log, with its time and who did it.
    await menu("Loggbok");
    await page.getByRole("combobox", { name: "Händelse" }).selectOption({ label: INCIDENT });
    await page.getByText(`Checklista: ${PLAN_STEPS[1]}`).first().waitFor({ timeout: LIVE_MS });
  });
});
