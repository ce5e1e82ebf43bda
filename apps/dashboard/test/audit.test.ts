import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { auditTables } from "@krisstod/audit";
import { rewriteAuditRowAsSuperuser } from "@krisstod/audit/testing";
import { AuditVerification } from "@krisstod/contracts";
import { connectDatabase } from "@krisstod/db";
import { waitFor } from "@krisstod/testing";
import type { AxeResults } from "axe-core";
import { pgSchema } from "drizzle-orm/pg-core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "./sign-in.ts";
import { demoTokens, type FullStack, SHOTS, startFullStack } from "./stack.ts";

// The organisation admin's audit review in a real Chromium against every real service: each
// trail's verification against its signed checkpoints, the alarm when a superuser rewrote a row,
// and the export for an auditor.

const rosterAudit = auditTables(pgSchema("roster"));
const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical WCAG 2.1 A/AA violations on the page, as "rule: targets". */
async function accessibilityViolations(target: Page): Promise<string[]> {
  await target.addScriptTag({ content: await AXE_SOURCE });
  const results = await target.evaluate(() =>
    (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }
    ).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    }),
  );
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
let stack: FullStack;
let page: Page;
let token: (userId: string) => Promise<string>;

const rosterAs = async (userId: string, path: string) =>
  fetch(`${stack.roster.url}${path}`, { headers: { Authorization: `Bearer ${await token(userId)}` } });

beforeAll(async () => {
  // Checkpoints every second, so the test need not wait a minute for the first.
  stack = await startFullStack({ env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: 1 } });
  token = demoTokens(() => stack.identity.url);
  const context = await stack.browser.newContext({ locale: "sv-SE", timezoneId: "Europe/Stockholm" });
  page = await context.newPage();
  // Laholm's POSOM lead reads the people: audit rows in roster's trail.
  expect((await rosterAs("kommun-1381.posom-lead", "/organisations/kommun-1381/people")).status).toBe(200);
  // Wait until every row is sealed and covered by a signed checkpoint.
  await waitFor(
    async () => {
      const body = AuditVerification.parse(
        await (await rosterAs("kommun-1381.org-admin", "/audit/verify")).json(),
      );
      return body.ok && body.rows > 0 && body.unsealed === 0 && body.notYetCheckpointed === 0;
    },
    { timeoutMs: 20_000 },
  );
});
afterAll(() => stack?.close());

const signInAsAdmin = () => signIn(page, "kommun-1381.org-admin", stack.dashboard.url);

describe("the organisation admin's audit review", () => {
  it("shows each service's trail intact after a check, and no alarm", async () => {
    await signInAsAdmin();
    await page
      .getByRole("navigation", { name: "Huvudmeny" })
      .getByRole("link", { name: "Granskning" })
      .click();
    await page.getByRole("heading", { name: "Granskning av loggen" }).waitFor();
    await page.getByRole("button", { name: "Kontrollera nu: Larmlistor (personer)" }).click();
    const row = page.getByRole("row", { name: /Larmlistor \(personer\)/ });
    await expect.poll(() => row.getByRole("cell").first().textContent(), { timeout: 10_000 }).toBe("Hel");
    expect(await row.textContent()).toMatch(/t\.o\.m\. rad \d+/);
    expect(await page.getByRole("alert").count()).toBe(0);
  });

  it("raises the alarm on every screen when a superuser rewrote a row and recomputed the chain", async () => {
    // As the database's administrator: the service's own role could not.
    const superuser = connectDatabase(stack.databaseUrl, { max: 1 });
    try {
      await rewriteAuditRowAsSuperuser(superuser, rosterAudit, 1, "inget att se här");
    } finally {
      await superuser.close();
    }
    await page.getByRole("button", { name: "Kontrollera nu: Larmlistor (personer)" }).click();
    const alarm = page.getByRole("alert").filter({ hasText: "Loggen är bruten i Larmlistor (personer)" });
    await alarm.waitFor({ timeout: 10_000 });
    const row = page.getByRole("row", { name: /Larmlistor \(personer\)/ });
    expect(await row.getByRole("cell").first().textContent()).toBe(
      "Bruten vid rad 1: raden stämmer inte med den signerade kontrollpunkten – den har ändrats och kedjan räknats om",
    );
    await page.screenshot({ path: `${SHOTS}audit-broken.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    // On another screen the banner stays, with a way back to the review.
    await page
      .getByRole("navigation", { name: "Huvudmeny" })
      .getByRole("link", { name: "Lägesbild" })
      .click();
    await alarm.waitFor();
    await alarm.getByRole("link", { name: "Se granskningen" }).click();
    await page.getByRole("heading", { name: "Granskning av loggen" }).waitFor();
  });

  it("downloads the period's rows for an auditor with the verification at the end", async () => {
    // A period that ends before it starts is said at the field, and nothing is asked for.
    const to = page.getByLabel("Till och med", { exact: true });
    const chosen = await to.inputValue();
    await to.fill("2020-01-01");
    let downloads = 0;
    page.on("download", () => downloads++);
    await page.getByRole("button", { name: "Ladda ner: Larmlistor (personer)" }).click();
    await page.getByText("Slutet måste vara efter början.").waitFor();
    expect(await to.getAttribute("aria-invalid")).toBe("true");
    expect(downloads).toBe(0);
    await to.fill(chosen);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Ladda ner: Larmlistor (personer)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^granskningslogg-kommun-1381-.*\.csv$/);
    const csv = await readFile((await download.path()) ?? "", "utf8");
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines.some((line) => line.includes(";kommun-1381.posom-lead;kommun-1381;read;"))).toBe(true);
    expect(lines).toContain("Verifiering;Resultat;bruten");
    expect(lines).toContain("Verifiering;Brott vid position;1");
  });
});
