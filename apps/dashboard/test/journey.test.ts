import { DevOutboxMessage } from "@krisstod/contracts";
import { waitFor } from "@krisstod/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { LIVE_MS, openPage, type Viewport } from "./browser.ts";
import { signIn, signOut } from "./sign-in.ts";
import { type FullStack, openIncident, SHOTS, startFullStack } from "./stack.ts";

// The main journey of issue 8 against every real service (Halland demo data in the roster), in a
// real Chromium, on a desktop and on a phone: Laholm's activator activates, two support persons
// answer from their links, Laholm's POSOM lead opens a support centre and registers a visitor,
// and Länsstyrelsen's overview shows the incident and the centre — and no visitor's name.

const VISITOR = { name: "Karin Testsson", personnummer: "19121212-1212" };
/** Laholm's POSOM lead reports a bus accident at Mellbystrand (as from the incident screen). */
const MELLBYSTRAND = { lat: 56.514, lon: 12.945, address: "Mellbystrand, Laholm" };

let stack: FullStack;

beforeAll(async () => {
  stack = await startFullStack();
});

afterAll(() => stack?.close());

/**
 * One answer link per person called, from what the development outbox "sent" (a person gets it by
 * text and by e-mail; the list is for the organisation's leads).
 */
async function answerLinks(incidentId: string): Promise<string[]> {
  const { activation } = stack;
  const headers = { Authorization: `Bearer ${await stack.tokenOf("kommun-1381.posom-lead")}` };
  const activations = await fetch(`${activation.url}/incidents/${incidentId}/activations`, { headers });
  const [decided] = z.array(z.object({ id: z.uuid() })).parse(await activations.json());
  expect(decided).toBeDefined();
  const messages = await waitFor(
    async () => {
      const response = await fetch(`${activation.url}/dev/outbox?activationId=${decided?.id}`, { headers });
      const list = z.array(DevOutboxMessage).parse(await response.json());
      const byPerson = new Map(list.map((m) => [m.personId, m.answerLink]));
      return byPerson.size >= 2 ? byPerson : undefined;
    },
    { timeoutMs: LIVE_MS, message: "messages to two people in the outbox" },
  );
  return [...messages.values()];
}

const viewports: readonly Viewport[] = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 375, height: 740 },
];

describe.each(viewports)("the main journey on a $width-px screen", (viewport) => {
  const incident = `Bussolycka vid Mellbystrand (${viewport.name})`;
  const centre = `Folkets hus (${viewport.name})`;
  let page: Page;
  /** Console errors and uncaught exceptions of the page (openPage records them). */
  let errors: string[];
  let incidentId: string;
  const shot = (name: string) =>
    page.screenshot({ path: `${SHOTS}${viewport.name}-${name}.png`, fullPage: true });
  const signInAs = (userId: string) => signIn(page, userId, stack.dashboard.url);
  const menu = (name: string) =>
    page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name }).click();

  beforeAll(async () => {
    ({ page, errors } = await openPage(stack.browser, viewport));
    incidentId = await openIncident(stack, incident, MELLBYSTRAND);
  });
  afterAll(() => page?.context().close());

  it("lets Laholm's activator activate the management group, and shows answers from the links arrive live", async () => {
    await page.goto(stack.dashboard.url);
    await shot("sign-in");
    await signInAs("kommun-1381.activator");
    await menu("Aktivering och inkallning");
    const form = page.getByRole("form", { name: "Aktivera" });
    await form.getByRole("combobox", { name: "Händelse" }).selectOption({ label: incident });
    // Inline validation before anything is sent.
    await form.getByRole("button", { name: "Aktivera och kalla in" }).click();
    await expect
      .poll(() => form.getByRole("textbox", { name: "Motivering" }).getAttribute("aria-invalid"))
      .toBe("true");
    await form.getByRole("textbox", { name: "Motivering" }).fill("Många drabbade, behov av krisstöd");
    await form.getByRole("button", { name: "Aktivera och kalla in" }).click();
    const progress = page.getByRole("progressbar", { name: /av 3 har tackat ja/ });
    await page.getByRole("progressbar", { name: "0 av 3 har tackat ja" }).waitFor({ timeout: LIVE_MS });
    await shot("activation");

    // Two support persons answer from their text messages, on phones, without signing in.
    const links = (await answerLinks(incidentId)).slice(0, 2);
    for (const link of links) {
      const { page: phone, errors: phoneErrors } = await openPage(stack.browser, viewports[1] ?? viewport);
      const url = new URL(link);
      await phone.goto(new URL(`${url.pathname}${url.search}`, stack.dashboard.url).toString());
      await phone.getByRole("spinbutton", { name: "Beräknad ankomst (minuter)" }).fill("20");
      await phone.getByRole("button", { name: "Ja, jag kommer" }).click();
      await phone.getByRole("status").getByText("Ditt svar är registrerat: ja").waitFor({ timeout: LIVE_MS });
      if (link === links[0])
        await phone.screenshot({ path: `${SHOTS}${viewport.name}-answer.png`, fullPage: true });
      errors.push(...phoneErrors);
      await phone.context().close();
    }
    await page.getByRole("progressbar", { name: "2 av 3 har tackat ja" }).waitFor({ timeout: LIVE_MS });
    expect(await progress.count()).toBe(1);
    await shot("call-out-board");
  });

  it("lets Laholm's POSOM lead open a support centre and register a visitor by keyboard", async () => {
    // Laholm 3.2: "Ansvara för att lämpliga lokaler och utrustning finns att tillgå": the place was
    // prepared in advance, about a kilometre from the beach, with its equipment.
    const prepared = await fetch(`${stack.centres.url}/centre-templates`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${await stack.tokenOf("kommun-1381.posom-lead")}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        name: centre,
        location: {
          lat: MELLBYSTRAND.lat + 0.009,
          lon: MELLBYSTRAND.lon,
          address: "Folkets hus, Mellbystrand",
        },
        functions: ["information-referral", "crisis-support-follow-up"],
        capacity: 50,
        equipment: ["Filtar", "Vatten"],
      }),
    });
    expect(prepared.status).toBe(201);
    await signOut(page);
    await signInAs("kommun-1381.posom-lead");
    // How the public reaches Laholm's POSOM, for the information at its centres (Webbsida: "Ring
    // eller skicka e-post till kontaktcenter").
    await menu("Larmlistor");
    const contact = page.getByRole("form", { name: "Kontakt för allmänheten" });
    await contact.getByRole("textbox", { name: "Telefon" }).fill("0430-150 00");
    await contact
      .getByRole("textbox", { name: "Öppettider eller väg in" })
      .fill("Kontaktcenter, vardagar 8–16");
    await contact.getByRole("button", { name: "Spara kontakten" }).click();
    await contact.getByRole("status").getByText("Kontakten är sparad.").waitFor({ timeout: LIVE_MS });
    await menu("Stödcentrum");
    const create = page.getByRole("form", { name: "Nytt stödcentrum" });
    await create.getByRole("combobox", { name: "Händelse" }).selectOption({ label: incident });
    await create.getByRole("combobox", { name: "Förberedd lokal" }).selectOption({ label: centre });
    await create.getByText("Utrustning på plats: Filtar, Vatten.").waitFor();
    expect(await create.getByRole("textbox", { name: "Namn på platsen" }).inputValue()).toBe(centre);
    await create.getByRole("button", { name: "Skapa stödcentrum" }).click();
    // Halland: "i närområdet, dock inte i direkt anslutning till … en olycksplats": how far, said.
    await page
      .getByRole("region", { name: new RegExp(centre.replace(/[()]/g, "\\$&")) })
      .getByText(/^[\d,]+ (m|km) från händelseplatsen$/)
      .waitFor({ timeout: LIVE_MS });
    await page.getByRole("button", { name: `Öppna ${centre}` }).click();

    const register = page.getByRole("form", { name: `Registrera besökare i ${centre}` });
    const name = register.getByRole("textbox", { name: "Namn", exact: true });
    await name.fill(VISITOR.name);
    await page.keyboard.press("Tab");
    // A number that fails its check digit is caught before it is sent.
    await page.keyboard.type("19121212-1213");
    await register.getByText("Personnumret stämmer inte").waitFor();
    await register.getByRole("textbox", { name: "Personnummer" }).fill(VISITOR.personnummer);
    await page.keyboard.press("Enter");
    await register.getByRole("status").getByText("Besökaren är registrerad.").waitFor({ timeout: LIVE_MS });
    // Ready for the next person: the form is empty and the name field has focus.
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await name.inputValue()).toBe("");
    const panel = page.getByRole("region", { name: new RegExp(centre.replace(/[()]/g, "\\$&")) });
    await panel.getByText("1 besökare på plats av 50 platser").waitFor({ timeout: LIVE_MS });
    await shot("support-centre");
  });

  // Halland: "Det är viktigt att beakta behov av samverkan med Polismyndigheten, trossamfund,
  // frivilligorganisationer och andra berörda aktörer när stödcentrum etableras."
  it("prompts the cooperation the guideline names on the opened centre, faith communities through Länsstyrelsen's TiB", async () => {
    const panel = page.getByRole("region", { name: new RegExp(centre.replace(/[()]/g, "\\$&")) });
    const prompts = panel.getByRole("list", { name: "Samverkan att beakta" });
    await prompts
      .getByText("Trossamfund · att beakta (kontakt via Länsstyrelsens TiB)")
      .waitFor({ timeout: LIVE_MS });
    await prompts.getByText("Frivilligorganisationer · att beakta").waitFor();
    await prompts.getByRole("button", { name: "Polismyndigheten: kontaktad" }).click();
    await prompts.getByText("Polismyndigheten · kontaktad").waitFor({ timeout: LIVE_MS });
    expect(await prompts.getByRole("button", { name: /^Polismyndigheten:/ }).count()).toBe(0);
  });

  // Halland: "broschyrer med information till drabbade"; "anpassad information till barn och
  // individer med särskilda behov".
  it("gives affected people what happened, where the centre is and whom to call in their language, printable, adapted for children and easy to read", async () => {
    const panel = page.getByRole("region", { name: new RegExp(centre.replace(/[()]/g, "\\$&")) });
    await panel.getByRole("button", { name: `Information till drabbade: ${centre}` }).click();
    await panel.getByRole("combobox", { name: "Informationens språk" }).selectOption({ label: "العربية" });
    const sheet = panel.getByRole("article", { name: "معلومات لك إذا كنت متأثراً بالحدث" });
    await sheet.waitFor();
    expect(await sheet.getAttribute("lang")).toBe("ar");
    expect(await sheet.getAttribute("dir")).toBe("rtl");
    await sheet.getByText(`حادث: ${incident}`).waitFor();
    await sheet.getByText(centre, { exact: true }).waitFor();
    await sheet.getByText("معلومات عن الأحداث الخطيرة: اتصل بالرقم 113 13").waitFor();
    await sheet.getByText("Laholms kommun · +4643015000 · Kontaktcenter, vardagar 8–16").waitFor();
    await panel.getByRole("combobox", { name: "Informationens språk" }).selectOption({ label: "Soomaali" });
    await panel.getByText("Xaalad degdeg ah: wac 112").waitFor();
    // Printed, the sheet is all there is on the page.
    await page.emulateMedia({ media: "print" });
    try {
      const printed = page.getByRole("article", { name: "Macluumaad adiga oo ay dhacdadu saamaysay" });
      expect(await printed.isVisible()).toBe(true);
      expect(await printed.getByText("Xaalad degdeg ah: wac 112").isVisible()).toBe(true);
      const hidden = { includeHidden: true } as const;
      expect(await page.getByRole("navigation", { name: "Huvudmeny", ...hidden }).isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "Skriv ut", ...hidden }).isVisible()).toBe(false);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
    // Tigrinya in Ge'ez script, drawn with the font the dashboard ships (no system here has one).
    await panel.getByRole("combobox", { name: "Informationens språk" }).selectOption({ label: "ትግርኛ" });
    const tigrinya = panel.getByRole("article", { name: "ሓበሬታ ንዝተጸለዉ ሰባት" });
    await tigrinya.waitFor();
    expect(await tigrinya.getAttribute("lang")).toBe("ti");
    expect(await tigrinya.getAttribute("dir")).toBe("ltr");
    await tigrinya.getByText(`ሓደጋ: ${incident}`).waitFor();
    await tigrinya.getByText("ህጹጽ ኩነታት: ናብ 112 ደውል").waitFor();
    const ethiopicDrawn = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].some(
        (f) => f.family.includes("Noto Sans Ethiopic") && f.status === "loaded",
      );
    });
    expect(ethiopicDrawn).toBe(true);
    // Dari, right to left.
    await panel.getByRole("combobox", { name: "Informationens språk" }).selectOption({ label: "دری" });
    const dari = panel.getByRole("article", { name: "معلومات برای شما که از این رویداد متأثر شده\u200cاید" });
    await dari.waitFor();
    expect(await dari.getAttribute("lang")).toBe("fa-AF");
    expect(await dari.getAttribute("dir")).toBe("rtl");
    await dari.getByText(`حادثه: ${incident}`).waitFor();
    await dari.getByText("در حالت اضطراری: به شماره 112 زنگ بزنید").waitFor();
    await shot("affected-information-dari");
    // Halland: "anpassad information till barn och individer med särskilda behov". Dari has the
    // sheet for everyone only; Swedish has one for a child and one easy to read.
    const audience = panel.getByRole("combobox", { name: "Anpassad för" });
    expect(await audience.isDisabled()).toBe(true);
    await panel.getByRole("combobox", { name: "Informationens språk" }).selectOption({ label: "Svenska" });
    await audience.selectOption({ label: "Barn" });
    const forChildren = panel.getByRole("article", { name: "Till dig som är barn" });
    await forChildren.waitFor();
    await forChildren.getByText("Det är inte ditt fel.", { exact: false }).waitFor();
    await forChildren.getByText("Är du här utan någon vuxen?", { exact: false }).waitFor();
    await forChildren.getByText(centre, { exact: true }).waitFor();
    await forChildren.getByText("Vid nödsituation: ring 112").waitFor();
    await audience.selectOption({ label: "Lättläst" });
    const easyRead = panel.getByRole("article", { name: "Information till dig – lättläst" });
    await easyRead.getByText("Fråga igen om du inte förstår. Vi förklarar gärna en gång till.").waitFor();
    // Back to a language without the adapted sheets: the sheet for everyone, in that language.
    await panel.getByRole("combobox", { name: "Informationens språk" }).selectOption({ label: "العربية" });
    await panel.getByRole("article", { name: "معلومات لك إذا كنت متأثراً بالحدث" }).waitFor();
  });

  it("shows Länsstyrelsen the incident and the open centre with its occupancy, and no visitor's name", async () => {
    await signOut(page);
    await signInAs("lansstyrelsen-13.county-observer");
    await page
      .getByRole("list", { name: "Pågående händelser" })
      .getByRole("listitem", { name: incident })
      .waitFor({
        timeout: LIVE_MS,
      });
    const centres = page.getByRole("table", { name: "Öppna stödcentrum" });
    const row = centres.getByRole("row", { name: new RegExp(centre.replace(/[()]/g, "\\$&")) });
    await row.waitFor({ timeout: LIVE_MS });
    // Outside the organisation that holds it, a count below 5 is shown as "<5" (DESIGN).
    await row.getByRole("cell", { name: "<5" }).waitFor({ timeout: LIVE_MS });
    // Not live: as the centre's occupancy clock last published them, and since when.
    await row.getByRole("cell", { name: /^<5 · sedan kl\. \d\d:\d\d$/ }).waitFor({ timeout: LIVE_MS });
    // On the map too, as a marker of its own with the same suppressed count.
    await page
      .getByRole("region", { name: "Karta över Hallands län" })
      .getByRole("button", { name: `Stödcentrum ${centre} (POSOM), <5 besökare` })
      .waitFor({ timeout: LIVE_MS });
    await shot("county-overview");
    // Anywhere: text, attributes, everything the page holds.
    const html = await page.content();
    expect(html).not.toContain(VISITOR.name);
    expect(html).not.toContain(VISITOR.personnummer);

    await menu("Statistik");
    await page.getByRole("heading", { name: /^Statistik \d{4}$/ }).waitFor();
    await page.getByRole("table", { name: "Årets siffror per organisation" }).waitFor({ timeout: LIVE_MS });
    await shot("statistics");
    expect(errors).toEqual([]);
  });
});
