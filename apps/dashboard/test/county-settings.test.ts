import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_MS, openPage } from "./browser.ts";
import { signIn, signOut } from "./sign-in.ts";
import { type FullStack, openIncident, SHOTS, startFullStack } from "./stack.ts";

// "Numbers the seeds do not give (distances, deadlines, retention, weights) are per-county settings
// with defaults, shown as such." Länsstyrelsen Hallands län's admin sees each with its value, its
// default and the mark that it is local, changes one, and the rule follows; a municipality's admin
// reads them only.

const LOCAL = "Lokal inställning – inte från riktlinjen";
const DISTANCE = "Stödcentrums minsta avstånd från händelseplatsen (meter)";

let stack: FullStack;
let page: Page;

beforeAll(async () => {
  stack = await startFullStack();
  ({ page } = await openPage(stack.browser, { name: "desktop", width: 1280, height: 800 }));
});
afterAll(async () => {
  await page?.context().close();
  await stack?.close();
});

/** Laholm's POSOM lead asks for a centre about 1 km from an incident at Mellbystrand. */
async function centreAboutOneKilometreAway(incidentId: string) {
  const response = await fetch(`${stack.centres.url}/centres`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${await stack.tokenOf("kommun-1381.posom-lead")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      incidentId,
      operator: "posom",
      posomOrganisationId: "kommun-1381",
      name: "Mellby skola",
      location: { lat: 56.514 + 0.009, lon: 12.945, address: "Mellbystrand" },
      functions: ["information-referral"],
      capacity: 50,
    }),
  });
  return response.status;
}

describe("the county's settings screen", () => {
  it("shows Länsstyrelsen's admin each setting as local, and a changed distance refuses a centre", async () => {
    const incidentId = await openIncident(stack, "Brand i Mellbystrand (inställningar)", {
      lat: 56.514,
      lon: 12.945,
    });
    await page.goto(stack.dashboard.url);
    await signIn(page, "lansstyrelsen-13.org-admin", stack.dashboard.url);
    await page
      .getByRole("navigation", { name: "Huvudmeny" })
      .getByRole("link", { name: "Inställningar" })
      .click();
    await page.getByRole("heading", { name: "Inställningar för länet" }).waitFor({ timeout: LIVE_MS });

    const centres = page.getByRole("form", { name: "Stödcentrum" });
    const row = centres.getByRole("row", { name: new RegExp(DISTANCE.replace(/[()]/g, "\\$&")) });
    await row.waitFor({ timeout: LIVE_MS });
    expect(await row.getByRole("spinbutton", { name: DISTANCE }).inputValue()).toBe("300");
    expect(await row.getByRole("cell").nth(1).textContent()).toBe("300");
    expect(await row.getByText(LOCAL).isVisible()).toBe(true);
    // Every setting of every service carries the mark.
    expect(await page.getByText(LOCAL).count()).toBe(2 + 1 + 9);
    await page.screenshot({ path: `${SHOTS}settings.png`, fullPage: true });

    // With the default, a place ~1 km from the scene is fine …
    expect(await centreAboutOneKilometreAway(incidentId)).toBe(201);
    await row.getByRole("spinbutton", { name: DISTANCE }).fill("2000");
    await centres.getByRole("button", { name: "Spara inställningar för stödcentrum" }).click();
    await centres.getByRole("status").getByText("Sparat.").waitFor({ timeout: LIVE_MS });
    await page
      .getByRole("region", { name: "Stödcentrum" })
      .getByText(/Senast ändrad av /)
      .waitFor();
    // … with the county's 2000 m it is at the scene.
    expect(await centreAboutOneKilometreAway(incidentId)).toBe(422);

    // Weights that do not sum to 100: refused, the setting named in words.
    const readiness = page.getByRole("form", { name: "Beredskap" });
    await readiness.getByRole("spinbutton", { name: "Beredskapspoäng: granskad larmlista" }).fill("0");
    await readiness.getByRole("button", { name: "Spara inställningar för beredskap" }).click();
    const alert = readiness.getByRole("alert");
    await alert.waitFor({ timeout: LIVE_MS });
    expect(await alert.textContent()).toContain("Beredskapspoäng: granskad larmlista");
  });

  it("shows a municipality's admin the same settings without letting them change any", async () => {
    await signOut(page);
    await signIn(page, "kommun-1381.org-admin", stack.dashboard.url);
    await page
      .getByRole("navigation", { name: "Huvudmeny" })
      .getByRole("link", { name: "Inställningar" })
      .click();
    await page
      .getByText("Länsstyrelsens systemförvaltare ändrar inställningarna.")
      .waitFor({ timeout: LIVE_MS });
    const row = page.getByRole("row", { name: new RegExp(DISTANCE.replace(/[()]/g, "\\$&")) });
    await row.waitFor({ timeout: LIVE_MS });
    expect(await row.getByRole("cell").first().textContent()).toBe("2000");
    expect(await page.getByRole("spinbutton").count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Spara/ }).count()).toBe(0);
  });
});
