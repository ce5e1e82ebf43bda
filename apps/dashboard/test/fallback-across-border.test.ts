import type { Activation } from "@krisstod/contracts";
import { client, waitFor } from "@krisstod/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goTo, LIVE_MS, openPage, settle, viewports } from "./browser.ts";
import { signIn } from "./sign-in.ts";
import { demoIssuer, type FullStack, openIncident, startFullStack } from "./stack.ts";

// Laholm 3.1: "Om Laholms POSOMs ledningsgrupp inte går att nå aktiveras Halmstads eller Båstads
// POSOM via HILL." Båstad is in Skåne: after Laholm falls back to Båstad, Båstad's ledningsgrupp
// calls out its own support persons for the incident in Halland, Laholm follows Båstad's group,
// and both Länsstyrelsen see the help on their picture. In a real Chromium against every real service.

const INCIDENT = "Bussolycka vid Mellbystrand";
let incidentId: string;
let stack: FullStack;
let page: Page;
let errors: string[];

const issuer = demoIssuer((userId) => stack.tokenOf(userId));

/** A request to the activation service as a demo user (`<organisation>.<role>`), which must succeed. */
async function api<T>(userId: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await client(stack.activation, issuer)
    .as({ userId })
    .fetch(path, { method, ...(body === undefined ? {} : { json: body }) });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
}

describe("the fallback to Båstad across the county border, seen from Laholm, Båstad and both Länsstyrelsen (Laholm 3.1)", () => {
  beforeAll(async () => {
    // A short answer wait, so Laholm's ledningsgrupp turns out unreachable soon.
    stack = await startFullStack({ settings: { activation: { CALLOUT_WAIT_MS: "300" } } });
    incidentId = await openIncident(stack, INCIDENT, { lat: 56.5167, lon: 12.9333 });
    const laholm = await api<Activation>("kommun-1381.activator", "POST", `/activations`, {
      incidentId,
      group: "management",
      reason: "Många vittnen till olyckan",
      needed: 4,
    });
    await waitFor(
      async () =>
        (await api<Activation>("kommun-1381.posom-lead", "GET", `/activations/${laholm.id}`)).status ===
        "unreachable",
      { timeoutMs: 30_000, message: "Laholm's ledningsgrupp did not turn out unreachable" },
    );
    // Laholm's kommunchef asks Båstad's group, as HILL would.
    await api("kommun-1381.activator", "POST", `/activations/${laholm.id}/fallback`, {
      organisationId: "kommun-1278",
      reason: "Laholms ledningsgrupp nås inte",
    });
    const desktop = viewports.find((v) => v.name === "desktop") ?? viewports[0];
    if (!desktop) throw new Error("no desktop viewport");
    ({ page, errors } = await openPage(stack.browser, desktop));
  }, 240_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("Båstad's ledningsgrupp calls out its own support persons for the incident in Halland", async () => {
    await signIn(page, "kommun-1278.ledningsgrupp", stack.dashboard.url);
    await goTo(page, "Aktivering och inkallning");
    const form = page.getByRole("form", { name: "Aktivera" });
    await form
      .getByRole("combobox", { name: "Händelse" })
      .selectOption({ label: `${INCIDENT} (grannkommun i annat län, inkallade som reserv)` });
    // Båstad's own group, called for Laholm, is on the board: support persons are its decision.
    await page.getByRole("region", { name: /^POSOM-ledningsgrupp · / }).waitFor({ timeout: LIVE_MS });
    await form.getByRole("combobox", { name: "Grupp" }).selectOption({ label: "Stödpersoner" });
    await form.getByRole("textbox", { name: "Motivering" }).fill("Stödpersoner till Mellbystrand");
    await form.getByRole("spinbutton", { name: "Antal som behövs" }).fill("2");
    await form.getByRole("button", { name: "Aktivera och kalla in" }).click();
    const board = page.getByRole("region", { name: /^Stödpersoner · / });
    await board.waitFor({ timeout: LIVE_MS });
    expect(await page.getByRole("alert").count()).toBe(0);
    // In consultation with whoever activated Båstad's group: Laholm's kommunchef (Laholm 3.1).
    await board.getByText(/^I samråd med: .+ \(Kommunchef\)$/).waitFor({ timeout: LIVE_MS });
  });

  it("Laholm follows Båstad's ledningsgrupp working for it", async () => {
    await signIn(page, "kommun-1381.posom-lead", stack.dashboard.url);
    await goTo(page, "Aktivering och inkallning");
    await page
      .getByRole("region", { name: /^POSOM-ledningsgrupp · .* · Båstads kommun \(reserv\)$/ })
      .waitFor({ timeout: LIVE_MS });
  });

  it("Länsstyrelsen Hallands län sees Båstad, of another county, working in Halland (counts only)", async () => {
    await signIn(page, "lansstyrelsen-13.county-observer", stack.dashboard.url);
    await settle(page);
    await page
      .getByRole("listitem")
      .filter({ hasText: /^Båstad \(annat län\): (Ledningsgrupp aktiv|Stödpersoner insatta)$/ })
      .waitFor({ timeout: LIVE_MS });
  });

  it("Länsstyrelsen Skåne sees its municipality Båstad working", async () => {
    await signIn(page, "lansstyrelsen-12.county-observer", stack.dashboard.url);
    await settle(page);
    await page
      .getByRole("listitem")
      .filter({ hasText: /^Båstad: (Ledningsgrupp aktiv|Stödpersoner insatta)$/ })
      .waitFor({ timeout: LIVE_MS });
    expect(errors).toEqual([]);
  });

  // Laholm 3.1: "POSOM är underordnad denna"; Enköping: "Sammanfatta och förmedla lägesbild och
  // behov till kommunens krisledning/TiB."
  it("Laholm's crisis management, once activated, sees POSOM's lägesbild and needs on the activation screen", async () => {
    await api("kommun-1381.posom-lead", "PATCH", `/incidents/${incidentId}`, {
      crisisManagementActivated: true,
    });
    await signIn(page, "kommun-1381.activator", stack.dashboard.url);
    await goTo(page, "Aktivering och inkallning");
    const briefing = page.getByRole("region", { name: "Lägesbild och behov till kommunens krisledning/TiB" });
    await briefing.waitFor({ timeout: LIVE_MS });
    await briefing
      .getByText(/^POSOM-ledningsgrupp: /)
      .first()
      .waitFor({ timeout: LIVE_MS });
    expect(errors).toEqual([]);
  });
});
