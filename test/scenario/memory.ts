import { readFileSync } from "node:fs";
import type { Namespace } from "@krisstod/testing/namespace";
import { type Cluster, type ServiceName, serviceNames, startCluster } from "./cluster.ts";
import { runOn, settledPicture } from "./harness.ts";
import type { ScenarioPlan } from "./plan.ts";

/**
 * Resident memory of the four services, read from /proc/<pid>/status (VmRSS) of their processes
 * (the cluster runs each as its own `node` child): idle after start, the peak while the scenario
 * runs (sampled), and after each of several runs of the scenario once the system has settled
 * and each process has collected its garbage — a leak shows as memory that keeps growing from one
 * run to the next.
 */
export interface ServiceMemory {
  /** VmRSS MB after start-up, before any request, at rest (see atRest). */
  idleMb: number;
  /** V8 heap in use (MB) then. */
  idleHeapMb: number;
  /** Highest VmRSS MB sampled while a scenario ran (every `sampleMs`), over all runs. */
  peakMb: number;
  /** VmRSS MB after each run, once the picture settled, at rest (see atRest). */
  afterRunMb: number[];
  /** V8 heap in use (MB) after each run, after the collection. */
  heapAfterRunMb: number[];
  /** VmRSS after the last run minus after the first (MB); the leak check's figure. */
  growthMb: number;
  /** The same for the V8 heap after a full collection. */
  heapGrowthMb: number;
}

export interface MemoryReport {
  runs: number;
  visitorsPerRun: number;
  /** Wall time of each run including settling (s). */
  runSeconds: number[];
  sampleMs: number;
  services: Record<ServiceName, ServiceMemory>;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** VmRSS of a process in MB, or undefined when it is gone (or /proc is not there). */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : mb(Number(kb) * 1024);
  } catch {
    return undefined;
  }
}

/** VmRSS of every service now (NaN for one that is not running). */
const snapshot = (cluster: Cluster) =>
  Object.fromEntries(
    serviceNames.map((name) => [name, rssMb(cluster.services[name].pid) ?? Number.NaN]),
  ) as Record<ServiceName, number>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface AtRest {
  rssMb: number;
  heapMb: number;
}

/**
 * Memory at rest: after `idleMs` without work, each process collects its garbage (SIGUSR2, see
 * gc-on-signal.ts), then its VmRSS is read; its V8 heap after the collection comes with it.
 * Without the collection, resident memory depends on when V8 last collected (support-centres
 * measured 187 MB after one run and 271 MB after the next), and a leak check on it is noise.
 */
async function atRest(cluster: Cluster, idleMs: number): Promise<Record<ServiceName, AtRest>> {
  await sleep(idleMs);
  const out = {} as Record<ServiceName, AtRest>;
  for (const name of serviceNames) {
    const service = cluster.services[name];
    if (service.pid === undefined) throw new Error(`${name} is not running`);
    const from = service.logs.length;
    process.kill(service.pid, "SIGUSR2");
    const deadline = Date.now() + 15_000;
    let line: string | undefined;
    for (;;) {
      line = service.logs.slice(from).find((l) => l.includes('"memoryAfterGc"'));
      if (line) break;
      if (Date.now() > deadline) throw new Error(`${name} did not report its memory (gcOnSignal not set?)`);
      await sleep(50);
    }
    const m = (JSON.parse(line) as { memoryAfterGc: { rss: number; heapUsed: number; gc: boolean } })
      .memoryAfterGc;
    if (!m.gc) throw new Error(`${name} runs without --expose-gc`);
    out[name] = { rssMb: rssMb(service.pid) ?? mb(m.rss), heapMb: mb(m.heapUsed) };
  }
  return out;
}

/**
 * Starts the services, measures them idle, runs the scenario `runs` times against the same
 * services and measures after each. Each run is the plan of its own seed (`planFor(run)`, same
 * size): a plan's support persons cannot be deployed twice at the same time, and every run
 * creates its own incidents, activations, centres and visitors.
 */
export async function measureMemory(
  ns: Namespace,
  planFor: (run: number) => ScenarioPlan,
  options: { runs?: number; sampleMs?: number; idleMs?: number; log?: (line: string) => void } = {},
): Promise<MemoryReport> {
  const runs = options.runs ?? 3;
  const sampleMs = options.sampleMs ?? 250;
  const idleMs = options.idleMs ?? 5_000;
  const cluster = await startCluster(ns.serviceEnv(), { gcOnSignal: true });
  try {
    const idle = await atRest(cluster, idleMs);
    const peak = Object.fromEntries(serviceNames.map((n) => [n, idle[n].rssMb])) as Record<
      ServiceName,
      number
    >;
    const after: Record<ServiceName, AtRest>[] = [];
    const runSeconds: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const sampler = setInterval(() => {
        const now = snapshot(cluster);
        for (const name of serviceNames) peak[name] = Math.max(peak[name], now[name]);
      }, sampleMs);
      const started = Date.now();
      try {
        const ledger = await runOn(ns, cluster, planFor(run));
        await settledPicture(ns, cluster.url("reporting"), ledger);
      } finally {
        clearInterval(sampler);
      }
      runSeconds.push(Math.round((Date.now() - started) / 100) / 10);
      after.push(await atRest(cluster, idleMs));
      options.log?.(
        `memory: run ${run} of ${runs} in ${runSeconds.at(-1)} s: ${JSON.stringify(after.at(-1))}`,
      );
    }
    const growth = (values: number[]) =>
      Math.round(((values.at(-1) ?? Number.NaN) - (values[0] ?? Number.NaN)) * 10) / 10;
    const services = Object.fromEntries(
      serviceNames.map((name) => {
        const afterRunMb = after.map((a) => a[name].rssMb);
        const heapAfterRunMb = after.map((a) => a[name].heapMb);
        const memory: ServiceMemory = {
          idleMb: idle[name].rssMb,
          idleHeapMb: idle[name].heapMb,
          peakMb: peak[name],
          afterRunMb,
          heapAfterRunMb,
          growthMb: growth(afterRunMb),
          heapGrowthMb: growth(heapAfterRunMb),
        };
        return [name, memory];
      }),
    ) as Record<ServiceName, ServiceMemory>;
    return { runs, visitorsPerRun: planFor(1).size.visitors, runSeconds, sampleMs, services };
  } finally {
    await cluster.stop();
  }
}

/**
 * The leak check, after the last run against after the first: the V8 heap after a full collection
 * (what the JavaScript keeps; stable to within a megabyte between runs of the same size) may grow
 * by at most `HEAP_LEAK_MARGIN_MB` + `HEAP_LEAK_MARGIN_FRACTION`, and VmRSS (which also holds
 * native memory, but varies by tens of MB with what the allocator keeps) by at most
 * `LEAK_MARGIN_MB` + `LEAK_MARGIN_FRACTION`. The same work a second and third time reuses what
 * the first run grew (pools, caches, compiled code); a leak adds with every run.
 */
export const HEAP_LEAK_MARGIN_MB = 8;
export const HEAP_LEAK_MARGIN_FRACTION = 0.1;
export const LEAK_MARGIN_MB = 25;
export const LEAK_MARGIN_FRACTION = 0.15;

export interface Leak {
  service: ServiceName;
  what: "heap" | "rss";
  afterFirstMb: number;
  afterLastMb: number;
  allowedMb: number;
}

export function leaks(report: MemoryReport): Leak[] {
  return serviceNames.flatMap((service) => {
    const { afterRunMb, heapAfterRunMb } = report.services[service];
    const check = (what: Leak["what"], values: number[], marginMb: number, fraction: number): Leak[] => {
      const afterFirstMb = values[0] ?? Number.NaN;
      const afterLastMb = values.at(-1) ?? Number.NaN;
      const allowedMb = Math.round((afterFirstMb + marginMb + fraction * afterFirstMb) * 10) / 10;
      return afterLastMb <= allowedMb ? [] : [{ service, what, afterFirstMb, afterLastMb, allowedMb }];
    };
    return [
      ...check("heap", heapAfterRunMb, HEAP_LEAK_MARGIN_MB, HEAP_LEAK_MARGIN_FRACTION),
      ...check("rss", afterRunMb, LEAK_MARGIN_MB, LEAK_MARGIN_FRACTION),
    ];
  });
}
