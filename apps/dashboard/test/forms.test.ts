import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_MS, openPage } from "./browser.ts";
import { signIn } from "./sign-in.ts";
import { type FullStack, openIncident, startFullStack } from "./stack.ts";

// The dashboard's forms check what is typed against the request bodies' contracts
// (packages/contracts) before sending, and say at the field what is wrong; a value the service
// refuses (problem+json naming the field) is said at that field too. Laholm's POSOM lead, a real
// Chromium, every real service.

const INCIDENT = "Brand i Veinge (formulär)";
// Veinge as the dashboard's town search places it: a centre chosen there is at the scene.
const VEINGE = { lat: 56.55, lon: 13.0667 };

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
});
