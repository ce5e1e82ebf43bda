import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPage } from "./browser.ts";
import { signIn } from "./sign-in.ts";
import { type FullStack, openIncident, startFullStack } from "./stack.ts";

// The national level (#23): MSB's national observer signs in and sees every county the hub sources
// with its counts and how old its data is — and nothing of a county's own screens. The hub with
// leaf links to two counties is test/faults/national-leaf.test.ts; here the national stream sources
// the one county on the same server.

let stack: FullStack;
let page: Page;

beforeAll(async () => {
  stack = await startFullStack({ national: true });
  ({ page } = await openPage(stack.browser, { name: "desktop", width: 1280, height: 800 }));
}, 180_000);
afterAll(async () => {
  await page?.context().close();
  await stack?.close();
});

describe("the national picture for MSB", () => {
  it("shows Halland's open incidents and the age of its data, in Swedish and English, and no county screen", async () => {
    await openIncident(stack, "Brand i Mellbystrand (nationellt)", { lat: 56.523, lon: 12.945 });
    await signIn(page, "msb.national-observer", stack.dashboard.url);

    // The menu holds the national picture only: the county's screens are not this role's.
    const menu = page.getByRole("navigation", { name: "Huvudmeny" });
    await expect.poll(() => menu.getByRole("link").allTextContents()).toEqual(["Nationell lägesbild"]);
    await page.getByRole("heading", { name: "Nationell lägesbild" }).waitFor();

    const halland = page.locator('tr[data-county="13"]');
    await halland.getByRole("rowheader", { name: "Hallands län" }).waitFor();
    // One open incident, counted from the national stream; the latest event's time is shown.
    await expect.poll(() => halland.locator("td").first().textContent(), { timeout: 30_000 }).toBe("1");
    await expect.poll(() => halland.locator("td").nth(5).textContent()).not.toBe("inget ännu");
    await page.getByRole("table", { name: "Organisationer i Hallands län" }).getByText("Laholm").waitFor();

    await page.getByLabel(/^(Språk|Language)/).selectOption("en");
    await page.getByRole("heading", { name: "National picture" }).waitFor();
    await page.getByRole("columnheader", { name: "Open incidents" }).first().waitFor();

    // The services agree: the national picture is refused to a county role, the county's picture to MSB.
    const msb = await stack.tokenOf("msb.national-observer");
    const county = await fetch(`${stack.reporting.url}/picture?county=13`, {
      headers: { Authorization: `Bearer ${msb}` },
    });
    expect(county.status).toBe(403);
    const observer = await stack.tokenOf("lansstyrelsen-13.county-observer");
    const national = await fetch(`${stack.national?.url}/national-picture`, {
      headers: { Authorization: `Bearer ${observer}` },
    });
    expect(national.status).toBe(403);
  }, 180_000);
});
