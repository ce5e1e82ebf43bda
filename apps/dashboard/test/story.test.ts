import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fullPageShot,
  goTo,
  horizontalOverflow,
  LIVE_MS,
  openPage,
  seriousViolations,
  signInAs,
  signOut,
  viewports,
} from "./browser.ts";
import { type FullStack, SHOTS, startFullStack } from "./stack.ts";

// Issue 20's story, on screen only, as the people who do it, at 1280 px and at 375 px: a bus
// crash in Laholm at night. Laholm's POSOM lead opens the incident (place searched and clicked on
// the map); the kommunchef activates the ledningsgrupp; the lead follows the call-out, escalates by
// hand and support persons answer from their text messages; the lead marks the incident
// extraordinary and opens a support centre, where staff register visitors, see who is present and
// record a departure; Halmstad sends help; Laholm reports to Länsstyrelsen, which reads the report,
// an earlier version and its PDF; then the activation, the centre and the incident are closed.
// On every screen passed axe finds nothing serious and the console stays free of errors.

let stack: FullStack;
beforeAll(async () => {
  stack = await startFullStack();
}, 120_000);
afterAll(() => stack?.close());

describe.each(viewports)("the bus crash in Laholm on a $width-px screen", (viewport) => {
  const incident = `Bussolycka vid Mellbystrand (${viewport.name})`;
  const centre = `Mellby bygdegård (${viewport.name})`;
  const region = (name: string) => page.getByRole("region", { name, exact: true });
  let page: Page;
  let errors: string[];
  const violations: string[] = [];
  const shot = (name: string) => fullPageShot(page, `${SHOTS}story-${viewport.name}-${name}.png`);
  const check = async (screen: string) => {
    violations.push(...(await seriousViolations(page, `${viewport.name} · ${screen}`)));
    if (viewport.name === "phone") {
      const { overflow, culprits } = await horizontalOverflow(page);
      if (overflow > 0) await shot(`too-wide-${screen.replace(/[^a-zA-Z]+/g, "-")}`);
      expect(overflow, `${screen} is wider than the phone: ${culprits.join(", ")}`).toBe(0);
    }
  };

  beforeAll(async () => {
    ({ page, errors } = await openPage(stack.browser, viewport));
  });
  afterAll(() => page?.context().close());

  it("Laholm's POSOM lead opens the incident on screen: searched place, a click on the map, the night's time", async () => {
    await signInAs(page, stack.dashboard.url, "Laholms kommun", "posom-lead");
    await goTo(page, "Händelser");
    const form = page.getByRole("form", { name: "Ny händelse" });
    // Nothing filled in: the form says what is missing, and nothing is sent.
    await form.getByRole("button", { name: "Registrera händelsen" }).click();
    await form.getByText("Skriv en rubrik, minst 3 tecken.").waitFor();
    await form.getByText("Välj platsen på kartan eller sök fram den.").waitFor();
    await check("Händelser, fel i formuläret");

    await form.getByRole("textbox", { name: "Rubrik" }).fill(incident);
    // Halland: violence points to the county's regional plan for ongoing lethal violence.
    const kind = form.getByRole("combobox", { name: "Typ av händelse" });
    await kind.selectOption({ label: "Våld" });
    const plan = form.getByText(/^Vid pågående dödligt våld gäller Länsstyrelsens regionala plan/);
    await plan.waitFor();
    expect(await kind.getAttribute("aria-describedby")).toBe(await plan.getAttribute("id"));
    await kind.selectOption({ label: "Olycka" });
    expect(await plan.count()).toBe(0);
    const night = new Date();
    night.setHours(2, 40, 0, 0);
    const pad = (n: number) => String(n).padStart(2, "0");
    await form
      .getByLabel("Inträffade")
      .fill(`${night.getFullYear()}-${pad(night.getMonth() + 1)}-${pad(night.getDate())}T02:40`);
    // The place: searched by name among the county's places…
    await form.getByRole("searchbox", { name: "Sök plats" }).fill("lahol");
    await form.getByRole("button", { name: "Välj Laholm" }).click();
    const searched = await form.getByText(/^Vald plats: 56\.\d{4}, 1[23]\.\d{4}$/).textContent();
    expect(await form.getByRole("textbox", { name: "Platsens namn eller adress" }).inputValue()).toBe(
      "Laholm",
    );
    // …then set exactly with a click on the map, near the coast at Mellbystrand, just west of
    // Laholm's dot (its name is written to the right of it).
    const map = form.locator(".map--picker");
    const laholm = map.locator(".town-label--seat").getByText("Laholm", { exact: true });
    const label = (await laholm.boundingBox()) ?? expect.unreachable("Laholm is named on the map");
    await page.mouse.click(label.x - 24, label.y + label.height / 2);
    await expect.poll(() => form.getByText(/^Vald plats:/).textContent()).not.toBe(searched);
    const [, lat, lon] =
      ((await form.getByText(/^Vald plats:/).textContent()) ?? "").match(/([\d.]+), ([\d.]+)/) ?? [];
    expect(Number(lat)).toBeGreaterThan(56.45);
    expect(Number(lat)).toBeLessThan(56.58);
    expect(Number(lon)).toBeGreaterThan(12.85);
    expect(Number(lon)).toBeLessThan(13.05);
    await form.getByRole("textbox", { name: "Platsens namn eller adress" }).fill("Mellbystrand, väg 24");
    // Laholm is affected (the user's own municipality, and where the place lies).
    expect(await form.getByRole("checkbox", { name: "Laholm" }).isChecked()).toBe(true);
    expect(await form.getByRole("checkbox", { name: "Extraordinär händelse" }).isChecked()).toBe(false);
    expect(await form.getByRole("checkbox", { name: "Övning" }).isChecked()).toBe(false);
    await check("Händelser, ifyllt formulär");
    await shot("incident-form");
    await form.getByRole("button", { name: "Registrera händelsen" }).click();
    await form
      .getByRole("status")
      .getByText(`Händelsen ${incident} är registrerad.`)
      .waitFor({ timeout: LIVE_MS });
    // Cleared for the next one.
    expect(await form.getByRole("textbox", { name: "Rubrik" }).inputValue()).toBe("");
    expect(await form.getByRole("textbox", { name: "Platsens namn eller adress" }).inputValue()).toBe("");
    await form.getByText("Ingen plats vald än.").waitFor();

    // It is in the organisation's list at once (over the live feed), at the night's time.
    const panel = page.getByRole("region", { name: incident });
    await panel.waitFor({ timeout: LIVE_MS });
    await panel.getByText(/02:40 · Mellbystrand, väg 24/).waitFor();
    await check("Händelser, registrerad");
    await shot("incidents");
  });

  it("later, the lead marks it extraordinary: the overview says so", async () => {
    const panel = page.getByRole("region", { name: incident });
    await panel.getByRole("button", { name: `Ändra ${incident}` }).click();
    const edit = panel.getByRole("form", { name: `Ändra ${incident}` });
    await edit.getByRole("checkbox", { name: "Extraordinär händelse" }).check();
    await check("Händelser, ändra");
    await edit.getByRole("button", { name: "Spara ändringar" }).click();
    await panel
      .getByRole("status")
      .getByText(`Ändringarna i ${incident} är sparade.`)
      .waitFor({ timeout: LIVE_MS });
    await panel.getByText("Extraordinär händelse").waitFor({ timeout: LIVE_MS });
    await goTo(page, "Lägesbild");
    await page
      .getByRole("list", { name: "Pågående händelser" })
      .getByRole("listitem", { name: incident })
      .getByText("Extraordinär händelse")
      .waitFor({ timeout: LIVE_MS });
    await shot("overview");
  });

  it("the kommunchef activates the ledningsgrupp; the form is cleared and the board follows the call-out", async () => {
    await signOut(page);
    await signInAs(page, stack.dashboard.url, "Laholms kommun", "activator");
    await goTo(page, "Aktivering och inkallning");
    const form = page.getByRole("form", { name: "Aktivera" });
    await form.getByRole("combobox", { name: "Händelse" }).selectOption({ label: incident });
    // Only the groups this person may activate (an authorised function: both).
    expect(await form.getByRole("combobox", { name: "Grupp" }).locator("option").allTextContents()).toEqual([
      "POSOM-ledningsgrupp",
    ]);
    await form
      .getByRole("textbox", { name: "Motivering" })
      .fill("Många drabbade resenärer, behov av krisstöd");
    await form.getByRole("spinbutton", { name: "Antal som behövs" }).fill("2");
    await form.getByRole("textbox", { name: "Samlingsplats (valfritt)" }).fill("Laholms stadshus");
    await form.getByRole("button", { name: "Aktivera och kalla in" }).click();
    await page.getByRole("progressbar", { name: "0 av 2 har tackat ja" }).waitFor({ timeout: LIVE_MS });
    expect(await form.getByRole("textbox", { name: "Motivering" }).inputValue()).toBe("");
    await check("Aktivering");
    await shot("activation");
  });

  it("the POSOM lead, who may not activate the ledningsgrupp, follows the call-out, escalates by hand, and two answer yes", async () => {
    await signOut(page);
    await signInAs(page, stack.dashboard.url, "Laholms kommun", "posom-lead");
    await goTo(page, "Aktivering och inkallning");
    await page.getByRole("combobox", { name: "Händelse" }).first().selectOption({ label: incident });
    // Not an authorised function: the support persons only, now that the ledningsgrupp is activated.
    const form = page.getByRole("form", { name: "Aktivera" });
    expect(await form.getByRole("combobox", { name: "Grupp" }).locator("option").allTextContents()).toEqual([
      "Stödpersoner",
    ]);
    const board = page.getByRole("region", { name: /^POSOM-ledningsgrupp/ });
    await board
      .getByText(/^2 tillfrågade · \d+ väntar på svar · 2 kvar på listan$/)
      .waitFor({ timeout: LIVE_MS });
    await board.getByRole("button", { name: "Kalla in fler nu" }).click();
    await board
      .getByRole("status")
      .getByText(/kallas in nu\.$/)
      .waitFor({ timeout: LIVE_MS });
    await board
      .getByText(/^[34] tillfrågade · \d+ väntar på svar · [01] kvar på listan$/)
      .waitFor({ timeout: LIVE_MS });
    await check("Aktivering, inkallning");
    // The messages sent (the development outbox stands in for text messages), each with its link.
    await board.getByText("Utskickade meddelanden (utvecklingsläge)").click();
    const links = board.getByRole("link", { name: /^Öppna svarslänken till / });
    await expect.poll(() => links.count(), { timeout: LIVE_MS }).toBeGreaterThanOrEqual(2);
    // One link per person (each gets it by text and by e-mail): the first two people's.
    const byPerson = new Map(
      await links.evaluateAll((as) =>
        as.map((a) => [a.textContent ?? "", a.getAttribute("href") ?? ""] as const),
      ),
    );
    const hrefs = [...byPerson.values()].slice(0, 2);
    for (const href of hrefs) {
      const { page: phone, errors: phoneErrors } = await openPage(stack.browser, viewports[1] ?? viewport);
      await phone.goto(new URL(href, stack.dashboard.url).toString());
      await phone.getByRole("button", { name: "Ja, jag kommer" }).click();
      await phone
        .getByRole("status")
        .getByText(/Ditt svar är registrerat: ja/)
        .waitFor({ timeout: LIVE_MS });
      errors.push(...phoneErrors);
      await phone.context().close();
    }
    await page.getByRole("progressbar", { name: "2 av 2 har tackat ja" }).waitFor({ timeout: LIVE_MS });
    await shot("call-out");
  });

  it("the lead opens a support centre; staff register visitors, see who is present and record a departure", async () => {
    await goTo(page, "Stödcentrum");
    const create = page.getByRole("form", { name: "Nytt stödcentrum" });
    await create.getByRole("combobox", { name: "Händelse" }).selectOption({ label: incident });
    await create.getByRole("textbox", { name: "Namn på platsen" }).fill(centre);
    await create.getByRole("spinbutton", { name: "Antal platser" }).fill("30");
    await create.getByRole("button", { name: "Skapa stödcentrum" }).click();
    await page.getByRole("button", { name: `Öppna ${centre}` }).click();
    await page.getByRole("button", { name: `Stäng ${centre}` }).waitFor({ timeout: LIVE_MS });
    // Cleared for the next centre: no name, the usual number of places.
    expect(await create.getByRole("textbox", { name: "Namn på platsen" }).inputValue()).toBe("");
    expect(await create.getByRole("spinbutton", { name: "Antal platser" }).inputValue()).toBe("50");

    await signOut(page);
    await signInAs(page, stack.dashboard.url, "Laholms kommun", "centre-staff");
    await goTo(page, "Stödcentrum");
    const register = page.getByRole("form", { name: `Registrera besökare i ${centre}` });
    await register.getByRole("textbox", { name: "Namn", exact: true }).fill("Greta Resenär");
    await register.getByRole("textbox", { name: "Personnummer" }).fill("19121212-1212");
    await register.getByRole("button", { name: "Registrera besökare" }).click();
    await register.getByRole("status").getByText("Besökaren är registrerad.").waitFor({ timeout: LIVE_MS });
    await register.getByRole("button", { name: "Anonym besökare (POSOM)" }).click();
    await register
      .getByRole("status")
      .getByText("En anonym besökare är räknad.")
      .waitFor({ timeout: LIVE_MS });

    const present = page.getByRole("table", { name: `På plats i ${centre}` });
    await present.getByRole("row", { name: /Greta Resenär/ }).waitFor({ timeout: LIVE_MS });
    await present.getByRole("row", { name: /Anonym 2/ }).waitFor({ timeout: LIVE_MS });
    await check("Stödcentrum, besökare på plats");
    await shot("visitors");
    await present.getByRole("button", { name: "Anonym 2 har gått" }).click();
    await page
      .getByRole("status")
      .getByText("Anonym 2 har registrerats som gången.")
      .waitFor({ timeout: LIVE_MS });
    await present.getByRole("row", { name: /Anonym 2/ }).waitFor({ state: "detached", timeout: LIVE_MS });
    await region(`${centre} · Öppet · POSOM`)
      .getByText("1 besökare på plats av 30 platser", { exact: true })
      .waitFor({ timeout: LIVE_MS });
  });

  it("Laholm asks Halmstad for support persons; Halmstad offers two; Laholm accepts", async () => {
    await signOut(page);
    await signInAs(page, stack.dashboard.url, "Laholms kommun", "posom-lead");
    await goTo(page, "Ömsesidigt stöd");
    const ask = page.getByRole("form", { name: "Be om stödpersoner" });
    await ask.getByRole("combobox", { name: "Händelse" }).selectOption({ label: incident });
    await ask.getByRole("spinbutton", { name: "Antal personer" }).fill("2");
    await ask.getByRole("checkbox", { name: "Halmstads kommun" }).check();
    await ask.getByRole("textbox", { name: "Uppgift" }).fill("Krissamtal på stödcentrum");
    const place = ask.getByRole("textbox", { name: "Plats" });
    const suggestedPlace = await place.inputValue();
    await place.fill(centre);
    await ask.getByRole("button", { name: "Skicka förfrågan" }).click();
    await ask.getByRole("status").getByText("Förfrågan är skickad.").waitFor({ timeout: LIVE_MS });
    // Cleared for the next request: no task, the place back to the incident's.
    expect(await ask.getByRole("textbox", { name: "Uppgift" }).inputValue()).toBe("");
    expect(await place.inputValue()).toBe(suggestedPlace);
    const title = `Laholms kommun ber om 2 stödpersoner – ${incident}`;

    await signOut(page);
    await signInAs(page, stack.dashboard.url, "Halmstads kommun", "posom-lead");
    await goTo(page, "Ömsesidigt stöd");
    const request = region(title);
    await request.getByRole("button", { name: "Skicka erbjudande" }).click();
    await request.getByText("Halmstads kommun erbjuder 2").waitFor({ timeout: LIVE_MS });
    await check("Ömsesidigt stöd, Halmstad");

    await signOut(page);
    await signInAs(page, stack.dashboard.url, "Laholms kommun", "posom-lead");
    await goTo(page, "Ömsesidigt stöd");
    await region(title).getByRole("button", { name: "Acceptera 2 från Halmstads kommun" }).click();
    await region(title).getByText("2 av 2 personer klara").waitFor({ timeout: LIVE_MS });
    await check("Ömsesidigt stöd, Laholm");
    await shot("mutual-aid");
  });

  it("Laholm sends Länsstyrelsen two versions of its situation report", async () => {
    await goTo(page, "Lägesrapporter");
    await page.getByRole("combobox", { name: "Händelse" }).selectOption({ label: incident });
    const form = page.getByRole("form", { name: "Ny lägesrapport" });
    for (const [version, text] of [
      [1, "Buss i diket vid väg 24, 30 resenärer. Stödcentrum öppnas."],
      [2, "Alla resenärer omhändertagna. Halmstad skickar två stödpersoner."],
    ] as const) {
      await form.getByRole("textbox", { name: "Läget" }).fill(text);
      await form.getByRole("button", { name: "Skicka till Länsstyrelsen" }).click();
      await form
        .getByRole("status")
        .getByText(`Lägesrapport version ${version} är skickad.`)
        .waitFor({ timeout: LIVE_MS });
      expect(await form.getByRole("textbox", { name: "Läget" }).inputValue()).toBe("");
    }
    await check("Lägesrapporter, Laholm");
  });

  it("Länsstyrelsen reads the report, an earlier version, and downloads it as PDF", async () => {
    await signOut(page);
    await signInAs(page, stack.dashboard.url, "Länsstyrelsen Hallands län", "county-observer");
    await goTo(page, "Lägesrapporter");
    await page
      .getByRole("button", { name: `Läs lägesrapporten från Laholms kommun om ${incident}` })
      .click({ timeout: LIVE_MS });
    const reader = region(`Lägesrapport från Laholms kommun: ${incident}`);
    await reader.getByText("Version 2 visas").first().waitFor({ timeout: LIVE_MS });
    await reader.getByText("Alla resenärer omhändertagna. Halmstad skickar två stödpersoner.").waitFor();
    await check("Lägesrapporter, Länsstyrelsen läser");
    await shot("situation-report");
    await reader.getByRole("button", { name: /^Version 1/ }).click();
    await reader.getByText("Buss i diket vid väg 24, 30 resenärer. Stödcentrum öppnas.").waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      reader.getByRole("button", { name: "Ladda ner version 1 som PDF" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lagesrapport-kommun-1381-.*-v1\.pdf$/);
    const file = await readFile((await download.path()) ?? expect.unreachable("a downloaded file"));
    expect(file.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Länsstyrelsen may not activate anyone, nor open incidents: neither screen is offered.
    const menu = page.getByRole("navigation", { name: "Huvudmeny" });
    expect(await menu.getByRole("link", { name: "Aktivering och inkallning" }).count()).toBe(0);
    expect(await menu.getByRole("link", { name: "Händelser", exact: true }).count()).toBe(0);
  });

  it("the lead ends the activation and closes the centre, each after confirming", async () => {
    await signOut(page);
    await signInAs(page, stack.dashboard.url, "Laholms kommun", "posom-lead");
    await goTo(page, "Aktivering och inkallning");
    await page.getByRole("combobox", { name: "Händelse" }).first().selectOption({ label: incident });
    const board = page.getByRole("region", { name: /^POSOM-ledningsgrupp/ });
    await board.getByRole("button", { name: "Avsluta aktiveringen av POSOM-ledningsgrupp" }).click();
    await check("Aktivering, avsluta");
    await board.getByRole("button", { name: "Ja, avsluta" }).click();
    await page.getByRole("region", { name: "POSOM-ledningsgrupp · Avslutad" }).waitFor({ timeout: LIVE_MS });

    await goTo(page, "Stödcentrum");
    const panel = region(`${centre} · Öppet · POSOM`);
    await panel.getByRole("button", { name: `Stäng ${centre}` }).click();
    await panel.getByRole("button", { name: "Ja, stäng stödcentrumet" }).click();
    // Greta is still there: the service refuses, and says why in Swedish (from its error code).
    await panel
      .getByRole("alert")
      .getByText(
        "Det gick inte: Det finns fortfarande besökare på plats. Registrera att de har gått innan stödcentrumet stängs.",
      )
      .waitFor({ timeout: LIVE_MS });
    await check("Stödcentrum, stängning nekad");
    // The refused request is the browser's one logged error here; it was meant.
    const refused = errors.findIndex((e) => /409 \(Conflict\).*\/close\)$/.test(e));
    expect(refused).toBeGreaterThanOrEqual(0);
    errors.splice(refused, 1);
    await panel
      .getByRole("table", { name: `På plats i ${centre}` })
      .getByRole("button", { name: "Greta Resenär har gått" })
      .click();
    await panel.getByText(/^0 besökare på plats/).waitFor({ timeout: LIVE_MS });
    await panel.getByRole("button", { name: "Ja, stäng stödcentrumet" }).click();
    await region(`${centre} · Stängt · POSOM`).waitFor({ timeout: LIVE_MS });
    await check("Stödcentrum, stängt");
  });

  it("in the end the lead closes the incident, after confirming", async () => {
    await goTo(page, "Händelser");
    const panel = page.getByRole("region", { name: incident });
    await panel.getByRole("button", { name: `Stäng ${incident}` }).click();
    await panel.getByText(/^Stänga .* Det går inte att ångra\.$/).waitFor();
    await check("Händelser, stäng");
    await panel.getByRole("button", { name: "Ja, stäng händelsen" }).click();
    await panel.waitFor({ state: "detached", timeout: LIVE_MS });
    await signOut(page);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
