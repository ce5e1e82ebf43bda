/**
 * Builds the dashboard and reports what a first visit costs: the initial JavaScript (the entry
 * chunk and everything it imports statically, gzipped) and the time until the screen is usable on
 * loopback in Chromium (playwright-core).
 *
 *   npm run measure -w @krisstod/dashboard
 *
 * Times: the sign-in screen always; the county overview (sign in as Länsstyrelsen's county
 * observer → municipalities drawn and the live feed connected) when the services answer at the
 * usual addresses (`npm start`, or IDENTITY_URL, REPORTING_URL … as for the dev server).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Page } from "playwright-core";
import { build, preview } from "vite";
import { z } from "zod";
import { browserConfig, parseDashboardEnv, serviceTargets } from "../env.ts";
import { dashboardConfig, dashboardRoot } from "../vite.config.ts";
import { measurePan, type PanResult, SMOOTH_FRAME_MS } from "./pan.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RUNS = 5;

const Manifest = z.record(
  z.string(),
  z.object({ file: z.string(), isEntry: z.boolean().optional(), imports: z.array(z.string()).optional() }),
);

const env = parseDashboardEnv(process.env);
const config = dashboardConfig({
  targets: serviceTargets(env),
  browser: browserConfig(env),
  port: 0,
  host: "127.0.0.1",
});
const outDir = join(dashboardRoot, "dist");

await build({
  ...config,
  configFile: false,
  logLevel: "warn",
  build: { ...config.build, manifest: true, sourcemap: false },
});

const manifest = Manifest.parse(JSON.parse(await readFile(join(outDir, ".vite/manifest.json"), "utf8")));
const gzipped = async (file: string) => gzipSync(await readFile(join(outDir, file)), { level: 9 }).length;

// The entry and its static imports load before anything shows; dynamic imports (screens) do not.
const initial = new Set<string>();
const visit = (key: string) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
const allJs = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith(".js"));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
let initialBytes = 0;
for (const file of initial) initialBytes += await gzipped(file);
let allBytes = 0;
for (const file of allJs) allBytes += await gzipped(file);

const server = await preview({
  ...config,
  configFile: false,
  logLevel: "silent",
  preview: { ...config.preview, port: 0 },
});
const address = server.httpServer.address();
if (address === null || typeof address === "string") throw new Error("preview did not bind a port");
const url = `http://127.0.0.1:${address.port}/`;
const servicesUp = await fetch(`${serviceTargets(env).identity}/demo-users`).then(
  (r) => r.ok,
  () => false,
);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const signIn: number[] = [];
const overview: number[] = [];
let pan: PanResult | undefined;
/** The same panning with no extra markers: what this machine manages anyway, for comparison. */
let emptyPan: PanResult | undefined;
/** The sign-in screen's button, which leads to the issuer's login page. */
const signInButton = (page: Page) => page.getByRole("button", { name: "Logga in", exact: true });
/**
 * Signs in as the county observer through the development issuer's login page. The issuer must
 * list this preview's origin among its redirect origins (CORS_ORIGINS of apps/identity).
 */
const signInAsObserver = async (page: Page) => {
  await signInButton(page).click();
  await page
    .getByRole("region", { name: "Länsstyrelsen Hallands län", exact: true })
    .getByRole("button", { name: /Tjänsteman i beredskap/ })
    .click();
};
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ locale: "sv-SE", viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Times are the page's own clock (performance.now(): since navigation started), so the
    // harness's polling does not count.
    const now = () => page.evaluate(() => performance.now());
    await page.goto(url);
    await signInButton(page).waitFor();
    signIn.push(await now());
    if (!servicesUp) {
      await context.close();
      continue;
    }
    // The flow leaves the page for the issuer and back, so this is the harness's clock.
    const clicked = Date.now();
    await signInAsObserver(page);
    await page
      .getByRole("region", { name: "Karta över Hallands län" })
      .getByText("Halmstad", { exact: true })
      .waitFor();
    await page.getByText("Uppdateras direkt").waitFor();
    overview.push(Date.now() - clicked);
    await context.close();
  }
  if (servicesUp) {
    emptyPan = await measurePan(browser, url, signInAsObserver, 0);
    pan = await measurePan(browser, url, signInAsObserver);
  }
} finally {
  await browser.close();
  await server.close();
}

const median = (values: number[]) =>
  Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN);
console.log(
  `initial JavaScript: ${kb(initialBytes)} gzipped (${initial.size} files); all JavaScript: ${kb(allBytes)}`,
);
console.log(
  servicesUp
    ? `sign-in screen usable: median ${median(signIn)} ms; county overview after sign-in (map + live feed): median ${median(overview)} ms (${RUNS} runs, loopback, production build)`
    : `sign-in screen usable: median ${median(signIn)} ms (${RUNS} runs; services not running, so no overview time — start them with npm start)`,
);
const describePan = (p: PanResult) =>
  `${p.frames} frames, p50 ${p.p50FrameMs} ms, p95 ${p.p95FrameMs} ms, longest ${p.longestFrameMs} ms, ${p.hitches} over 50 ms`;
if (pan && emptyPan) {
  console.log(`panning the county map with no extra markers: ${describePan(emptyPan)}`);
  console.log(
    `panning the county map with ${pan.markers} extra markers: ${describePan(pan)} — ${pan.p95FrameMs <= SMOOTH_FRAME_MS ? "smooth" : "NOT smooth"} (target p95 ≤ ${SMOOTH_FRAME_MS.toFixed(1)} ms, 30 frames/s)`,
  );
}
