import { type ChildProcess, fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { round, summarise } from "../stats.ts";
import type { Envelope, Job, RequestSpec, ResultOf, SseCollectResult, SseOpenJob } from "./protocol.ts";

const generatorEntry = join(dirname(fileURLToPath(import.meta.url)), "generator.ts");

/** Load-generator processes (default 2: BENCH_GENERATORS), each with its own connections. */
export interface GeneratorPool {
  readonly size: number;
  /**
   * Sends `requests` from every generator at once: request i goes to generator i mod size, each
   * with `concurrency / size` connections (at least 1). Latencies come back per label.
   */
  http(
    requests: RequestSpec[],
    options: {
      concurrency: number;
      headerSets: Record<string, Record<string, string>>;
      /** Open loop: request i is due i / rate seconds after the start (unless it has its own atMs). */
      ratePerSecond?: number;
    },
  ): Promise<LoadResult>;
  /** `count` dashboards spread over the generators. */
  openDashboards(job: Omit<SseOpenJob, "kind">): Promise<number>;
  /** Per key, every receipt time on every connection (wall clock, ms); `close` ends the dashboards. */
  collectDashboards(close?: boolean): Promise<SseCollectResult>;
  stop(): Promise<void>;
}

export interface LoadResult {
  samples: Record<string, number[]>;
  failures: Record<string, number>;
  examples: string[];
  requests: number;
  /** First request sent → last answer received, over all generators. */
  seconds: number;
  /** Answered requests per second over that time. */
  throughput: number;
}

export async function startGenerators(
  size = Number(process.env.BENCH_GENERATORS ?? "2"),
): Promise<GeneratorPool> {
  const children: ChildProcess[] = [];
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  for (let i = 0; i < size; i++) {
    const child = fork(generatorEntry, [], {
      execArgv: ["--import", "tsx"],
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.on("message", (message: Envelope<Job>) => {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
    child.once("exit", (code) => {
      for (const [id, waiting] of pending) {
        waiting.reject(new Error(`load generator exited (${code})`));
        pending.delete(id);
      }
    });
    children.push(child);
  }
  const ask = <J extends Job>(child: ChildProcess, job: J): Promise<ResultOf<J>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, job } satisfies Envelope<Job>);
    });
  const stops = children.map(
    (child) => () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  );

  return {
    size,
    async http(requests, options) {
      // One request in flight needs one generator; otherwise all, sharing the connections.
      const used = children.slice(0, Math.max(1, Math.min(size, options.concurrency)));
      const share = Math.max(1, Math.round(options.concurrency / used.length));
      const rate = options.ratePerSecond;
      const timed = (rate ? requests.map((r, i) => ({ ...r, atMs: r.atMs ?? (i * 1000) / rate })) : requests)
        // Each connection takes the next request due, so an open-loop list goes in order of due time.
        .toSorted((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
      // All generators start at the same moment (a little ahead, for the jobs to arrive).
      const startAt = performance.timeOrigin + performance.now() + 100 + requests.length / 50;
      const results = await Promise.all(
        used.map((child, g) =>
          ask(child, {
            kind: "http",
            requests: timed.filter((_, i) => i % used.length === g),
            headerSets: options.headerSets,
            concurrency: share,
            startAt,
          }),
        ),
      );
      const samples: Record<string, number[]> = {};
      const failures: Record<string, number> = {};
      for (const r of results) {
        for (const [label, values] of Object.entries(r.samples)) append(samples, label, values);
        for (const [label, n] of Object.entries(r.failures)) failures[label] = (failures[label] ?? 0) + n;
      }
      const seconds =
        (Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt))) / 1000;
      return {
        samples,
        failures,
        examples: results.flatMap((r) => r.examples),
        requests: requests.length,
        seconds: round(seconds, 2),
        throughput: round(requests.length / Math.max(seconds, 0.001), 0),
      };
    },
    async openDashboards(job) {
      const opened = await Promise.all(
        children.map((child, g) =>
          ask(child, {
            kind: "sse-open",
            ...job,
            count: Math.floor(job.count / size) + (g < job.count % size ? 1 : 0),
          }),
        ),
      );
      return opened.reduce((sum, o) => sum + o.opened, 0);
    },
    async collectDashboards(close = true) {
      const results = await Promise.all(children.map((child) => ask(child, { kind: "sse-collect", close })));
      const received: Record<string, number[]> = {};
      for (const r of results)
        for (const [key, values] of Object.entries(r.received)) append(received, key, values);
      return { received, events: results.reduce((sum, r) => sum + r.events, 0) };
    },
    async stop() {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}

/** Latency summaries per label, and a refusal if any request failed. */
export function checked(result: LoadResult, what: string): LoadResult {
  const failed = Object.values(result.failures).reduce((sum, n) => sum + n, 0);
  if (failed > 0)
    throw new Error(`${what}: ${failed} request(s) failed, e.g. ${result.examples.join(" | ")}`);
  return result;
}

export function summaries(result: LoadResult) {
  return Object.fromEntries(
    Object.entries(result.samples).map(([label, values]) => [label, summarise(values)]),
  );
}

/**
 * Adds values to the list under `key`, creating it. One by one: spreading a generator's whole list
 * as arguments overflows the stack (the peak day's 200 dashboards receive hundreds of thousands).
 */
function append(lists: Record<string, number[]>, key: string, values: readonly number[]) {
  const list = lists[key] ?? [];
  for (const value of values) list.push(value);
  lists[key] = list;
}
