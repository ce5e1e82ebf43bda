import { readFileSync } from "node:fs";
import type { Namespace } from "@krisstod/testing/namespace";
import { type Cluster, type ServiceName, serviceNames, startCluster } from "./cluster.ts";
import { runOn, settledPicture } from "./harness.ts";
import type { ScenarioPlan } from "./plan.ts";

/**
 * Resident memory of the four services, read from /proc/<pid>/status (VmRSS) of their processes
 * (the cluster runs each as its own `node` child): idle after start, the peak while the scenario
 * runs (sampled), and after each of several runs of the same scenario once the system has settled
 * — a leak shows as memory that keeps growing from one run to the next.
 */
export interface ServiceMemory {
  /** MB after start-up, before any request, at rest (see atRest). */
  idleMb: number;
  /** Highest MB sampled while a scenario ran (every `sampleMs`), over all runs. */
  peakMb: number;
  /** MB after each run, once the picture settled, at rest (see atRest). */
  afterRunMb: number[];
  /** After the last run minus after the first (MB); the leak check's figure. */
  growthMb: number;
}

export interface MemoryReport {
  runs: number;
  visitorsPerRun: number;
  /** Wall time of each run including settling (s). */
  runSeconds: number[];
  sampleMs: number;
  services: Record<ServiceName, ServiceMemory>;
}

/** VmRSS of a process in MB, or undefined when it is gone (or /proc is not there). */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Math.round((Number(kb) / 1024) * 10) / 10;
  } catch {
    return undefined;
  }
}

const snapshot = (cluster: Cluster) =>
  Object.fromEntries(
    serviceNames.map((name) => [name, rssMb(cluster.services[name].pid) ?? Number.NaN]),
  ) as Record<ServiceName, number>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resident memory at rest: after `idleMs` without work, the lowest of samples taken over another
 * `idleMs`. V8 shrinks an idle heap (its memory reducer runs a few seconds after allocation
 * stops), so garbage a run left behind is not mistaken for memory kept; what stays is kept.
 */
async function atRest(cluster: Cluster, idleMs: number): Promise<Record<ServiceName, number>> {
  await sleep(idleMs);
  const low = snapshot(cluster);
  const until = Date.now() + idleMs;
  while (Date.now() < until) {
    await sleep(500);
    const now = snapshot(cluster);
    for (const name of serviceNames) low[name] = Math.min(low[name], now[name]);
  }
  return low;
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
  const idleMs = options.idleMs ?? 10_000;
  const cluster = await startCluster(ns.serviceEnv());
  try {
    const idle = await atRest(cluster, idleMs);
    const peak = { ...idle };
    const after: Record<ServiceName, number>[] = [];
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
    const services = Object.fromEntries(
      serviceNames.map((name) => {
        const afterRunMb = after.map((a) => a[name]);
        const first = afterRunMb[0] ?? Number.NaN;
        const last = afterRunMb.at(-1) ?? Number.NaN;
        return [
          name,
          {
            idleMb: idle[name],
            peakMb: peak[name],
            afterRunMb,
            growthMb: Math.round((last - first) * 10) / 10,
          },
        ];
      }),
    ) as Record<ServiceName, ServiceMemory>;
    return {
      runs,
      visitorsPerRun: planFor(1).size.visitors,
      runSeconds,
      sampleMs,
      services,
    };
  } finally {
    await cluster.stop();
  }
}

/**
 * The leak check: memory after the last run may exceed memory after the first by at most
 * `LEAK_MARGIN_MB` plus `LEAK_MARGIN_FRACTION` of it. The same work a second and third time
 * should reuse what the first run grew (V8's heap, pools, caches); a leak adds with every run.
 */
export const LEAK_MARGIN_MB = 25;
export const LEAK_MARGIN_FRACTION = 0.15;

export function leaks(
  report: MemoryReport,
): { service: ServiceName; afterFirstMb: number; afterLastMb: number }[] {
  return serviceNames.flatMap((service) => {
    const { afterRunMb } = report.services[service];
    const afterFirstMb = afterRunMb[0] ?? Number.NaN;
    const afterLastMb = afterRunMb.at(-1) ?? Number.NaN;
    const allowed = afterFirstMb + LEAK_MARGIN_MB + LEAK_MARGIN_FRACTION * afterFirstMb;
    return afterLastMb <= allowed ? [] : [{ service, afterFirstMb, afterLastMb }];
  });
}
