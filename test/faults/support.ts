import { type EventStream, openEventStream } from "@krisstod/testing";
import type { Namespace } from "@krisstod/testing/namespace";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import postgres from "postgres";
import { expect } from "vitest";
import { effectCounts, missingAcknowledged } from "../scenario/checks.ts";
import type { Cluster } from "../scenario/cluster.ts";
import { type Baseline, settledPicture } from "../scenario/harness.ts";
import { planScenario, type ScenarioSize } from "../scenario/plan.ts";
import type { Ledger } from "../scenario/run.ts";

/** Every fault test runs the same plan, so they share one fault-free baseline run. */
export const FAULT_SEED = 11;
const ciFaultSize: ScenarioSize = { visitors: 120, logbookEntries: 8 };
export const faultPlan = () =>
  planScenario(FAULT_SEED, process.env.LONG === "1" ? { visitors: 5_000, logbookEntries: 100 } : ciFaultSize);

/** A full-size run (LONG=1) takes minutes on a shared 2-core machine; the CI one about one. */
export const faultTimeoutMs = process.env.LONG === "1" ? 3_600_000 : 300_000;

/** The step index of the n-th of `parts` equal parts of the plan (where a fault is injected). */
export const stepAt = (total: number, fraction: number) => Math.max(1, Math.floor(total * fraction));

/**
 * `error` with each service's last log lines (or the last of those `keep` picks): what the services
 * were doing when a step failed.
 */
export function withServiceLogs(
  cluster: Cluster,
  error: unknown,
  lines = 15,
  keep: (line: string) => boolean = () => true,
): Error {
  const tails = Object.values(cluster.services).map(
    (s) => `--- ${s.name} (${s.url})\n${s.logs.filter(keep).slice(-lines).join("\n")}`,
  );
  // The error itself, so an assertion keeps its diff.
  if (error instanceof Error) {
    error.message = `${error.message}\n${tails.join("\n")}`;
    return error;
  }
  return new Error(`${String(error)}\n${tails.join("\n")}`);
}

/** A pino line at warn level or above. */
const problem = (line: string) => /"level":[4-6]0/.test(line);

/**
 * After recovery: every acknowledged write is there, every event had its effect once (exactly as
 * many events of each type applied to the picture as in the fault-free run, no message handed to the notifier
 * twice, no event stored twice in the stream, none dead-lettered) and the regional picture equals
 * the fault-free run's (but for the held live figures the occupancy clock's timing decides).
 */
export async function expectRecovered(
  ns: Namespace,
  cluster: Cluster,
  ledger: Ledger,
  baseline: Baseline,
  natsUrl = ns.natsUrl,
): Promise<void> {
  expect(await missingAcknowledged(ns.databaseUrl, ledger)).toEqual([]);
  const picture = await settledPicture(ns, cluster.url("reporting"), ledger, 120_000, natsUrl).catch(
    (error: unknown) => {
      throw withServiceLogs(cluster, error);
    },
  );
  const effects = await effectCounts(ns.databaseUrl, natsUrl, ns.natsNamespace);
  expect(effects.duplicateMessages).toEqual([]);
  expect(effects.deadLetters).toBe(0);
  expect(effects.streamMessages).toBe(effects.outboxRows);
  try {
    expect(withoutHeldFigures(picture)).toEqual(withoutHeldFigures(baseline.picture));
  } catch (error) {
    // A settled picture that differs: the services' warnings and errors say what went missing.
    throw withServiceLogs(cluster, error, 20, problem);
  }
  // Occupancy goes out on support-centres' clock: how many ticks found new figures depends on how
  // the changes fell between the ticks, not on the requests, so it is compared apart.
  const { [OCCUPANCY]: occupancy, ...outboxByType } = effects.outboxByType;
  const { [OCCUPANCY]: baselineOccupancy, ...baselineOutboxByType } = baseline.outboxByType;
  expect(outboxByType).toEqual(baselineOutboxByType);
  expect(occupancy ?? 0).toBeGreaterThan(0);
  expect(baselineOccupancy ?? 0).toBeGreaterThan(0);
  // Every event applied to the picture once: as many of each type as in the fault-free run (the
  // inbox row commits with the event's effect and is unique per event, so none is applied twice;
  // none skipped), and occupancy applied (how many depends on the clock, and the last tick's may
  // still be on its way).
  const { [OCCUPANCY]: appliedOccupancy, ...applied } = effects.pictureEventsByType;
  const { [OCCUPANCY]: _baselineApplied, ...baselineApplied } = baseline.pictureEventsByType;
  expect(applied).toEqual(baselineApplied);
  expect(appliedOccupancy ?? 0).toBeGreaterThan(0);
  expect(appliedOccupancy ?? 0).toBeLessThanOrEqual(occupancy ?? 0);
}

/**
 * The picture without the centres' held live figures (present, unaccompanied children). They are
 * published on support-centres' occupancy clock as the lowest band seen at a tick since the total
 * (the children) entered its band (docs/suppression.md), so a dip between two arrivals shows or not
 * depending on where the ticks fell: two runs of one plan may end with different held figures. The
 * cumulative figures end the same (the tick after the last change publishes their bands).
 */
function withoutHeldFigures(picture: unknown): unknown {
  const copy = structuredClone(picture) as { supportCentres?: { counts?: Record<string, unknown> }[] };
  for (const centre of copy.supportCentres ?? []) {
    delete centre.counts?.present;
    delete centre.counts?.unaccompaniedChildren;
  }
  return copy;
}

const OCCUPANCY = "centre.occupancy-changed";

/** A dashboard following the picture stream, reconnecting with Last-Event-ID as EventSource does. */
export interface PictureFollower {
  /** Every change received, over all connections, in arrival order. */
  readonly received: { id: string; event: string | undefined; data: string }[];
  /** How many times it had to connect again (the server went away). */
  readonly reconnects: number;
  stop(): Promise<void>;
}

export function followPicture(
  url: string,
  /** Asked on every connection (a long run outlives one access token). */
  headers: () => Promise<Record<string, string>>,
): PictureFollower {
  const received: PictureFollower["received"] = [];
  let reconnects = -1;
  let stopped = false;
  let current: EventStream | undefined;
  const loop = (async () => {
    while (!stopped) {
      const last = received.at(-1)?.id;
      try {
        const h = await headers();
        current = await openEventStream(url, last ? { ...h, "Last-Event-ID": last } : h);
        reconnects++;
        let taken = 0;
        const take = () => {
          for (const m of current?.messages.slice(taken) ?? []) {
            if (m.id) received.push({ id: m.id, event: m.event, data: m.data });
          }
          taken = current?.messages.length ?? 0;
        };
        // Collected as they come, so the last id is known when the connection breaks.
        const timer = setInterval(take, 100);
        await current.ended;
        clearInterval(timer);
        take();
      } catch {
        // the service is down; try again as EventSource would (retry: 1000)
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return {
    received,
    get reconnects() {
      return Math.max(0, reconnects);
    },
    stop: async () => {
      stopped = true;
      current?.close();
      await loop;
    },
  };
}

/**
 * The follower received exactly the county's feed: every change once, in cursor order, none
 * missing (no intermediate change lost across the drops), with the feed's content.
 */
export async function expectFollowedWholeFeed(
  databaseUrl: string,
  follower: PictureFollower,
  countyCode: string,
): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  let feed: { seq: string; change: unknown }[];
  try {
    feed = await sql`select f.seq::text as seq, f.change from reporting.feed f
                     where f.county_code = ${countyCode} order by f.seq`;
  } finally {
    await sql.end();
  }
  await expect.poll(() => follower.received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(feed.length);
  await follower.stop();
  expect(follower.received.map((m) => m.id)).toEqual(feed.map((f) => f.seq));
  expect(follower.received.map((m) => JSON.parse(m.data))).toEqual(feed.map((f) => f.change));
}

/** A stream on a JetStream cluster: its replicas, the node leading it, whether every replica is current. */
export interface StreamState {
  replicas: number;
  leader: string | undefined;
  allCurrent: boolean;
}

export async function streamState(nc: NatsConnection, stream: string): Promise<StreamState> {
  const jsm = await jetstreamManager(nc, { timeout: 5_000 });
  const info = await jsm.streams.info(stream);
  const followers = info.cluster?.replicas ?? [];
  return {
    replicas: info.config.num_replicas,
    leader: info.cluster?.leader,
    allCurrent:
      followers.length === info.config.num_replicas - 1 && followers.every((r) => r.current && !r.offline),
  };
}

/** Waits (60 s at most) until the stream's state is as `what` wants it, e.g. led and all current. */
export async function waitForStream(
  nc: NatsConnection,
  stream: string,
  what: (state: StreamState) => boolean,
): Promise<StreamState> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await streamState(nc, stream).catch(() => undefined);
    if (state && what(state)) return state;
    if (Date.now() > deadline) throw new Error(`${stream}: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
