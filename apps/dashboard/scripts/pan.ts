/**
 * "1,000 markers pan without stutter" (issue 8), measured in Chromium: the county overview with
 * 1,000 extra incidents in the picture, dragged around with the mouse while every animation frame's
 * interval is recorded. The dashboard and its services are the real ones; only the picture's answer
 * is widened with synthetic incidents (the browser's request is intercepted), so the measurement
 * does not leave 1,000 incidents behind in the running system.
 */
import { randomUUID } from "node:crypto";
import type { PictureIncident } from "@krisstod/contracts";
import type { Browser, Page } from "playwright-core";

export const PAN_MARKERS = 1_000;
/** Smooth means at least 30 frames a second for 95 % of the frames while panning. */
export const SMOOTH_FRAME_MS = 1000 / 30;

export interface PanResult {
  markers: number;
  frames: number;
  p50FrameMs: number;
  p95FrameMs: number;
  longestFrameMs: number;
  /** Frames that took more than 50 ms: the ones a person sees as a hitch. */
  hitches: number;
}

// Halland's extent, roughly: the synthetic incidents fall inside the county's map.
const SOUTH = 56.35;
const NORTH = 57.5;
const WEST = 12.3;
const EAST = 13.5;

function syntheticIncidents(count: number, countyCode: string): PictureIncident[] {
  // A fixed walk over the county (no Math.random): every run pans over the same markers.
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    organisationId: "kommun-1380",
    countyCode,
    kind: "accident" as const,
    title: `Mätpunkt ${i + 1}`,
    location: {
      lat: SOUTH + (((i * 37) % 1000) / 1000) * (NORTH - SOUTH),
      lon: WEST + (((i * 61) % 1000) / 1000) * (EAST - WEST),
    },
    occurredAt: new Date(Date.UTC(2026, 0, 1, 12)).toISOString(),
    affectedMunicipalities: ["1380"],
    extraordinary: false,
    exercise: false,
    status: "open" as const,
  }));
}

/** Widens every picture answer the page fetches with the synthetic incidents. */
async function widenPicture(page: Page, markers: number): Promise<void> {
  const extra = new Map<string, PictureIncident[]>();
  await page.route("**/api/reporting/picture?*", async (route) => {
    const response = await route.fetch();
    const picture = (await response.json()) as { countyCode: string | null; incidents: PictureIncident[] };
    const county = picture.countyCode ?? "13";
    let incidents = extra.get(county);
    if (!incidents) {
      incidents = syntheticIncidents(markers, county);
      extra.set(county, incidents);
    }
    await route.fulfill({ response, json: { ...picture, incidents: [...picture.incidents, ...incidents] } });
  });
}

// Page scripts are strings: tsx compiles functions with a `__name` helper the page does not have.
/** Records the interval between animation frames until stopped. */
const START_RECORDING = `(() => {
  window.__frames = [];
  window.__recording = true;
  let last = performance.now();
  const tick = (now) => {
    window.__frames.push(now - last);
    last = now;
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
/** Stops recording; the frame intervals in milliseconds (the first, from before panning, dropped). */
const STOP_RECORDING = "(() => { window.__recording = false; return window.__frames.slice(1); })()";

const recordFrames = (page: Page) => page.evaluate(START_RECORDING);
const stopFrames = (page: Page) => page.evaluate(STOP_RECORDING) as Promise<number[]>;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/**
 * Signs in as Länsstyrelsen's county observer (via `signIn`), waits for the markers, then drags the
 * map back and forth for a few seconds at the county zoom and again one zoom step closer.
 */
export async function measurePan(
  browser: Browser,
  url: string,
  signIn: (page: Page) => Promise<void>,
  markers = PAN_MARKERS,
): Promise<PanResult> {
  const context = await browser.newContext({ locale: "sv-SE", viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await widenPicture(page, markers);
    await page.goto(url);
    await signIn(page);
    const map = page.locator(".leaflet-container");
    await map.waitFor();
    if (markers > 0) await page.locator(".marker-cluster, .incident-marker").first().waitFor();
    const box = await map.boundingBox();
    if (!box) throw new Error("the map has no size");
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const drag = async (dx: number, dy: number) => {
      await page.mouse.move(centre.x, centre.y);
      await page.mouse.down();
      await page.mouse.move(centre.x + dx, centre.y + dy, { steps: 25 });
      await page.mouse.up();
    };
    // Frames are recorded while dragging only: zooming re-clusters, which is not what is measured.
    const recorded: number[] = [];
    for (let round = 0; round < 2; round++) {
      await recordFrames(page);
      for (const [dx, dy] of [
        [250, 120],
        [-250, -120],
        [-250, 120],
        [250, -120],
      ] as const) {
        await drag(dx, dy);
      }
      recorded.push(...(await stopFrames(page)));
      // Then one step closer: smaller clusters and single markers come and go while panning.
      await map.hover();
      await page.mouse.wheel(0, -200);
      await page.waitForTimeout(500);
    }
    const frames = recorded.sort((a, b) => a - b);
    const round1 = (ms: number) => Math.round(ms * 10) / 10;
    return {
      markers,
      frames: frames.length,
      p50FrameMs: round1(percentile(frames, 0.5)),
      p95FrameMs: round1(percentile(frames, 0.95)),
      longestFrameMs: round1(frames.at(-1) ?? Number.NaN),
      hitches: frames.filter((ms) => ms > 50).length,
    };
  } finally {
    await context.close();
  }
}
