import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { demoUsers } from "@krisstod/contracts/demo";
import type { AxeResults, RunOptions } from "axe-core";
import type { Browser, ConsoleMessage, Locator, Page } from "playwright-core";
import type { sv } from "../src/i18n/sv.ts";
import { signIn, signOut } from "./sign-in.ts";

/** Helpers the story tests share: signing in as a demo user, waiting for a screen, axe, console. */

const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** axe impacts that fail a test. */
export const FAILING_IMPACTS: ReadonlySet<string> = new Set(["serious", "critical"]);
export const LIVE_MS = 15_000;

export interface Viewport {
  name: "desktop" | "phone";
  width: number;
  height: number;
}
export const viewports: readonly Viewport[] = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 375, height: 812 },
];

/** A page in its own context (Swedish, Stockholm time) that records every console error. */
export async function openPage(browser: Browser, viewport: Viewport) {
  const context = await browser.newContext({
    locale: "sv-SE",
    timezoneId: "Europe/Stockholm",
    viewport: { width: viewport.width, height: viewport.height },
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  // The dev server builds a screen's chunk when it is first asked for; beside other test files on
  // two cores that can take longer than Playwright's 30 s.
  page.setDefaultNavigationTimeout(90_000);
  page.setDefaultTimeout(45_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  return { page, errors };
}

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Signs in as the organisation's demo user with that role, through the issuer's login page
 * (`signIn` in ./sign-in.ts, the one way browser tests sign in).
 */
export async function signInAs(
  page: Page,
  dashboardUrl: string,
  organisation: string,
  role: keyof typeof sv.roles,
) {
  const user = demoUsers.find((u) => u.organisationName === organisation && u.roles.includes(role));
  if (!user) throw new Error(`no demo user for ${organisation}, ${role}`);
  await signIn(page, user.userId, dashboardUrl);
}

export { signOut };

/** Goes to a screen through the main menu (on a phone too) and waits until it has drawn. */
export async function goTo(page: Page, screen: string, menu = "Huvudmeny") {
  await page.getByRole("navigation", { name: menu }).getByRole("link", { name: screen, exact: true }).click();
  await settle(page);
}

/** Waits until the screen's heading is there, nothing says "Laddar …" and the page stops changing. */
export async function settle(page: Page): Promise<void> {
  await page.locator("main h2").first().waitFor({ state: "attached", timeout: LIVE_MS });
  await page.waitForFunction(() => document.querySelector(".loading") === null, undefined, {
    timeout: LIVE_MS,
  });
  let size = -1;
  for (let i = 0; i < 20; i++) {
    const now = await page.evaluate(() => document.body.innerHTML.length);
    if (now === size) return;
    size = now;
    await page.waitForTimeout(150);
  }
}

/** axe-core (WCAG 2.1 A/AA) in the page, injected once per document; the whole page or one selector. */
export async function runAxe(page: Page, selector?: string): Promise<AxeResults> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: await AXE_SOURCE });
  const options: RunOptions = { runOnly: { type: "tag", values: TAGS }, resultTypes: ["violations"] };
  return page.evaluate(
    // biome-ignore lint/suspicious/noExplicitAny: axe is the script injected above
    ({ selector, options }) => (window as any).axe.run(selector ?? document, options) as Promise<AxeResults>,
    { selector, options },
  );
}

/** axe-core on the page: the serious and critical findings, described. */
export async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  const results = await runAxe(page);
  return results.violations
    .filter((v) => FAILING_IMPACTS.has(v.impact ?? ""))
    .map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) ${v.help} @ ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
}

/**
 * Waits until the Leaflet map in `map` is at rest: no zoom animation running and nothing on it
 * (the panes, every marker) moved for a quarter of a second. A click on a marker that is still
 * gliding to its place after a zoom, or whose icon is being replaced, can miss it.
 */
export async function mapAtRest(map: Locator): Promise<void> {
  const layout = () =>
    map.evaluate((root) => {
      const container = root.classList.contains("leaflet-container")
        ? root
        : root.querySelector(".leaflet-container");
      if (!container) return "no map";
      if (container.classList.contains("leaflet-zoom-anim")) return `animating ${Math.random()}`;
      return [...container.querySelectorAll<HTMLElement>(".leaflet-pane, .leaflet-marker-icon")]
        .map((element) => `${element.className}:${element.style.transform}`)
        .join("|");
    });
  let before = await layout();
  for (let i = 0; i < 40; i++) {
    await map.page().waitForTimeout(250);
    const now = await layout();
    if (now === before && now !== "no map") return;
    before = now;
  }
  throw new Error("the map did not come to rest within 10 s");
}

/**
 * A picture of the whole page for a reviewer. Long lists skip painting what is out of view
 * (content-visibility: auto), which a full-page picture would show as empty boxes; for the picture
 * everything is painted.
 */
export async function fullPageShot(page: Page, path: string): Promise<void> {
  const style = await page.addStyleTag({ content: "* { content-visibility: visible !important; }" });
  try {
    await page.screenshot({ path, fullPage: true });
  } finally {
    await style.evaluate((element) => (element as Element).remove());
  }
}

/**
 * Nothing runs sideways on a phone: how much wider than the screen the page is, and the innermost
 * elements that reach past its right edge (to name in a failure).
 */
export async function horizontalOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    // In the document's coordinates (the page may have been scrolled sideways already).
    const width = document.documentElement.clientWidth - window.scrollX;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((element) => {
        if (element.getBoundingClientRect().right <= width + 0.5) return false;
        // Inside a region that scrolls sideways, reaching past the edge is the point.
        const scroller = element.parentElement?.closest(".table-scroll, .leaflet-container");
        return !scroller || scroller.getBoundingClientRect().right > width + 0.5;
      })
      .filter(
        (element) =>
          ![...element.children].some((child) => child.getBoundingClientRect().right > width + 0.5),
      )
      .slice(0, 5)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} "${element.textContent?.trim().slice(0, 40)}"`,
      );
    const text = [...document.querySelectorAll("body *")]
      .filter(
        (element) =>
          element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === "visible",
      )
      .slice(0, 5)
      .map(
        (element) =>
          `overflowing ${element.tagName.toLowerCase()}.${[...element.classList].join(".")} (${element.scrollWidth} > ${element.clientWidth})`,
      );
    return {
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      culprits: [...culprits, ...text],
    };
  });
}
