import { Centre } from "@krisstod/contracts";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { LIVE_MS, mapAtRest, openPage, type Viewport, viewports } from "./browser.ts";
import { signIn } from "./sign-in.ts";
import { type FullStack, openIncident, SHOTS, startFullStack } from "./stack.ts";

// The map without tiles (issue 20): borders, towns and a legend from the data shipped with the
// dashboard; markers that do not cover each other; a support centre's place picked on the map or
// by a town's name. Real services with the Halland demo data, real Chromium, no tile URL set.

const SCENE = { lat: 56.5129, lon: 13.0456 };
const INCIDENT = "Bussolycka på väg 24 vid Laholm";
const SECOND = "Trafikolycka vid samma korsning";
const [desktop] = viewports as [Viewport, Viewport];

let stack: FullStack;
let page: Page;
/** Console errors and uncaught exceptions of the desktop page (openPage records them). */
let errors: string[];
const tileRequests: string[] = [];

beforeAll(async () => {
  stack = await startFullStack();
  ({ page, errors } = await openPage(stack.browser, desktop));
  page.on("request", (request) => {
    if (/\/\d+\/\d+\/\d+\.(png|jpg|pbf|webp)/.test(request.url())) tileRequests.push(request.url());
  });
  // Two incidents at the same crossing: their markers would lie exactly on top of each other.
  await openIncident(stack, INCIDENT, SCENE);
  await openIncident(stack, SECOND, SCENE);
});

afterAll(() => stack?.close());

const signInAs = (userId: string, target: Page = page) => signIn(target, userId, stack.dashboard.url);
const menu = (name: string, target: Page = page) =>
  target.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name, exact: true }).click();

describe("the county map without tiles", () => {
  it("names the towns, draws the municipality borders and explains every symbol in a legend", async () => {
    await signInAs("kommun-1381.posom-lead");
    const map = page.getByRole("region", { name: "Karta över Hallands län" });
    // Every municipality seat of Halland is named beside its dot (Hylte's seat is Hyltebruk).
    for (const town of ["Halmstad", "Laholm", "Hyltebruk", "Falkenberg", "Varberg", "Kungsbacka"]) {
      await map.locator(".town-label--seat").getByText(town, { exact: true }).waitFor();
    }
    // Smaller places are named only when zoomed in.
    expect(await map.locator(".town-label").getByText("Veinge", { exact: true }).count()).toBe(0);
    // One border per municipality of the county.
    expect(await map.locator("path.leaflet-interactive").count()).toBe(6);
    await expect.poll(() => map.locator(".leaflet-control-attribution").textContent()).toContain("GeoNames");

    const legend = page.getByRole("list", { name: "Teckenförklaring" });
    for (const symbol of [
      "Kommungräns",
      "Centralort",
      "Annan ort (namnet syns när du zoomar in)",
      "Händelse: olycka",
      "Händelse: brand",
      "Stödcentrum (POSOM); siffran är antal besökare, under 5 visas <5",
      "Stödcentrum (PKL); siffran är antal besökare, under 5 visas <5",
      "Ömsesidigt stöd: pil till kommunen som får hjälp, med antal personer",
      "Flera markeringar på samma ställe: klicka för att se dem",
    ]) {
      await legend.getByRole("listitem").filter({ hasText: symbol }).first().waitFor();
    }

    await page.screenshot({ path: `${SHOTS}map-without-tiles.png` });
    // Zoomed in, the villages are named too.
    const veinge = map.locator(".town-label").getByText("Veinge", { exact: true });
    let zoomedIn = 0;
    for (; zoomedIn < 4 && (await veinge.count()) === 0; zoomedIn++) {
      await map.getByRole("button", { name: "Zooma in" }).click();
      await mapAtRest(map);
    }
    await veinge.waitFor({ timeout: 5_000 });
    expect(tileRequests).toEqual([]);
    // Back to the county's zoom exactly (further out, nearby markers would be clustered into one).
    for (let clicks = 0; clicks < zoomedIn; clicks++) {
      await map.getByRole("button", { name: "Zooma ut" }).click();
      await mapAtRest(map);
    }
  });

  it("sets markers at the same spot apart, so neither hides the other", async () => {
    const map = page.getByRole("region", { name: "Karta över Hallands län" });
    const first = map.getByRole("button", { name: INCIDENT });
    const second = map.getByRole("button", { name: SECOND });
    await first.waitFor({ timeout: LIVE_MS });
    await second.waitFor({ timeout: LIVE_MS });
    // Judged, and clicked, with the map at rest (a marker gliding after a zoom can be missed).
    await mapAtRest(map);
    const overlapping = async () => {
      const a = await first.boundingBox();
      const b = await second.boundingBox();
      if (!a || !b) throw new Error("a marker has no box");
      return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    };
    expect(await overlapping()).toBe(false);
    // Both can be opened, each with one click.
    for (const [marker, title] of [
      [first, INCIDENT],
      [second, SECOND],
    ] as const) {
      await marker.click();
      const popup = page.locator(".leaflet-popup");
      await popup.getByText(title, { exact: true }).waitFor({ timeout: 5_000 });
      // Closed again, so it cannot lie over the other marker.
      await popup.locator(".leaflet-popup-close-button").click();
      await popup.waitFor({ state: "detached" });
    }
  });
});

describe("a support centre's place", () => {
  it("is found by a town's name, or picked with a click on the map, never typed as coordinates", async () => {
    await menu("Stödcentrum");
    const create = page.getByRole("form", { name: "Nytt stödcentrum" });
    await create.getByRole("combobox", { name: "Händelse" }).selectOption({ label: INCIDENT });
    await create.getByRole("textbox", { name: "Namn på platsen" }).fill("Veinge bygdegård");
    expect(await create.getByRole("textbox", { name: /Latitud|Longitud/ }).count()).toBe(0);

    // By name: "vein" finds Veinge in Laholm.
    await create.getByRole("searchbox", { name: "Sök plats" }).fill("vein");
    await create
      .getByRole("list", { name: "Platser som matchar" })
      .getByRole("button", { name: "Välj Veinge (Laholm)" })
      .click();
    const chosen = create.getByText(/^Vald plats: /);
    await create.getByText(/^Vald plats: 56\.\d{4}, 13\.\d{4}$/).waitFor();
    await create.getByText("Platsens namn: Veinge", { exact: true }).waitFor();
    const searched = await chosen.textContent();

    // On the map: a click some way from the map's centre picks that point instead, described by
    // the nearest town.
    const pickerMap = create.locator(".map--picker");
    const box = await pickerMap.boundingBox();
    if (!box) throw new Error("the picker map has no box");
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6);
    await expect.poll(() => chosen.textContent()).not.toBe(searched);
    await create.getByText(/^Platsens namn: nära /).waitFor();
    const [, lat, lon] = ((await chosen.textContent()) ?? "").match(/(\d+\.\d{4}), (\d+\.\d{4})/) ?? [];
    await page.screenshot({ path: `${SHOTS}map-centre-picker.png`, fullPage: true });

    await create.getByRole("button", { name: "Skapa stödcentrum" }).click();
    await page.getByRole("button", { name: "Öppna Veinge bygdegård" }).waitFor({ timeout: LIVE_MS });
    // The service stored the place that was clicked.
    const response = await fetch(new URL("/api/support-centres/centres?county=13", stack.dashboard.url), {
      headers: { Authorization: `Bearer ${await stack.tokenOf("kommun-1381.posom-lead")}` },
    });
    const centre = z
      .array(Centre)
      .parse(await response.json())
      .find((c) => c.name === "Veinge bygdegård");
    expect(centre?.location.lat.toFixed(4)).toBe(lat);
    expect(centre?.location.lon.toFixed(4)).toBe(lon);
    expect(centre?.location.address).toMatch(/^nära /);
    expect(errors).toEqual([]);
  });
});

describe("on a 375-px phone", () => {
  it("keeps the map, its legend and the centre form within the width of the phone, the whole county in the picker", async () => {
    const { page: phone, errors: phoneErrors } = await openPage(stack.browser, {
      name: "phone",
      width: 375,
      height: 740,
    });
    await signInAs("kommun-1381.posom-lead", phone);
    await phone.getByRole("list", { name: "Teckenförklaring" }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await menu("Stödcentrum", phone);
    const picker = phone.locator(".map--picker");
    await picker.waitFor();
    await picker.locator("path.leaflet-interactive").first().waitFor();
    await mapAtRest(picker);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // Every municipality of the county is drawn inside the picker and clear of its zoom buttons
    // and attribution (three lines on a phone), its southern tip (Laholm) too.
    const hidden = await picker.evaluate((map) => {
      const frame = map.getBoundingClientRect();
      const covers = [".leaflet-control-zoom", ".leaflet-control-attribution"].map((selector) =>
        map.querySelector(selector)?.getBoundingClientRect(),
      );
      const overlaps = (a: DOMRect, b: DOMRect) =>
        a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      return [...map.querySelectorAll("path.leaflet-interactive")]
        .map((path) => path.getBoundingClientRect())
        .filter(
          (box) =>
            box.top < frame.top ||
            box.bottom > frame.bottom ||
            box.left < frame.left ||
            box.right > frame.right ||
            covers.some((cover) => cover && overlaps(box, cover)),
        )
        .map(
          (box) =>
            `${Math.round(box.left - frame.left)},${Math.round(box.top - frame.top)} to ${Math.round(box.right - frame.left)},${Math.round(box.bottom - frame.top)} in ${Math.round(frame.width)}x${Math.round(frame.height)}`,
        );
    });
    await phone.screenshot({ path: `${SHOTS}map-phone-centre-form.png`, fullPage: true });
    expect(hidden, "municipalities past the picker's edge or under a control").toEqual([]);
    expect(await picker.locator("path.leaflet-interactive").count()).toBeGreaterThanOrEqual(6);
    expect(phoneErrors).toEqual([]);
    await phone.context().close();
  });
});
