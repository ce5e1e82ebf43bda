import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServiceName } from "@krisstod/contracts";
import { findFreePort } from "@krisstod/local-infra";
import type { Namespace } from "@krisstod/testing/namespace";
import { envStrings } from "../../test/scenario/cluster.ts";

const here = dirname(fileURLToPath(import.meta.url));
export const repositoryRoot = join(here, "..", "..");

/** One node process the benchmark started: a service replica, a baseline route or a load generator. */
export interface BenchProcess {
  readonly url: string;
  readonly pid: number | undefined;
  readonly logs: string[];
  /** CPU time (user + system) the process has used so far, ms; undefined where /proc is not there. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/** A service as deployed: `replicas` processes of its real entry point sharing database and consumers. */
export interface ServiceProcesses {
  readonly name: ServiceName;
  /** The first replica's URL (for set-up requests). */
  readonly url: string;
  /** Every replica's URL: the load generators spread their connections over them. */
  readonly urls: string[];
  readonly processes: BenchProcess[];
  stop(): Promise<void>;
}

/** What to run: a TypeScript entry through tsx, or a built bundle (as the image runs it). */
export type Entry = string | { bundleDir: string };

/**
 * Starts `node --import tsx <entry>` (or the bundle's `node dist/main.mjs` in its own folder, as
 * the image runs it) with `env` on a free port and waits until `readyPath` answers 200. Only PATH
 * and HOME of the benchmark's own environment pass through, so a DATABASE_URL or NATS_URL of the
 * shell never reaches a service.
 */
export async function startProcess(
  what: string,
  entry: Entry,
  env: Record<string, string>,
  readyPath = "/readyz",
): Promise<BenchProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  // BENCH_CPU_PROF=<dir>: every service writes a V8 CPU profile there when stopped (PROFILES.md).
  const profile = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF]
    : [];
  // BENCH_PERF=1: JIT frames named for `perf record` (perf-<pid>.map in /tmp; PROFILES.md).
  if (process.env.BENCH_PERF === "1") profile.push("--perf-basic-prof-only-functions");
  const [args, cwd] =
    typeof entry === "string"
      ? [["--import", "tsx", entry], repositoryRoot]
      : [["dist/main.mjs"], entry.bundleDir];
  const child: ChildProcess = spawn(process.execPath, [...profile, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let died: string | undefined;
  child.once("exit", (code, signal) => {
    died = `${what} exited (${code ?? signal})`;
  });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString("utf8")).split("\n");
      rest = lines.pop() ?? "";
      // Only the last lines matter (for a failure message); a long run must not grow this.
      logs.push(...lines.filter((l) => l.length > 0));
      if (logs.length > 200) logs.splice(0, logs.length - 200);
    });
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.kill("SIGTERM");
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (died) throw new Error(`${died} while starting:\n${logs.slice(-20).join("\n")}`);
    try {
      const response = await fetch(`${url}${readyPath}`);
      await response.body?.cancel();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${what} not ready in 120 s:\n${logs.slice(-20).join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, logs, pid: child.pid, stop, cpuMs: () => processCpuMs(child.pid) };
}

/** Clock ticks per second of /proc/<pid>/stat's times (almost always 100). */
const clockTicks = (() => {
  const out = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(out.stdout?.trim()) || 100;
})();

/**
 * A process's CPU time (utime + stime of /proc/<pid>/stat), ms. Unlike wall time and the
 * profiles' samples, it does not grow when other processes take the cores, so CPU per request
 * compares runs on a shared machine (PROFILES.md).
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces, in parentheses): utime is the 14th
    // field of the line, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}

/**
 * CPU time of a process tree's root and its live children, plus what the root has reaped from
 * children that ended (cutime + cstime), ms: PostgreSQL's postmaster and its backends.
 */
export function processTreeCpuMs(rootPid: number): number | undefined {
  const fieldsOf = (pid: number | string) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    } catch {
      return undefined;
    }
  };
  const root = fieldsOf(rootPid);
  if (!root) return undefined;
  // utime, stime, cutime, cstime: the 14th to 17th fields of the line.
  let ticks = Number(root[11]) + Number(root[12]) + Number(root[13]) + Number(root[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = fieldsOf(entry);
    if (fields && Number(fields[1]) === rootPid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / clockTicks;
}

/** CPU ms of all `processes` together (undefined if any cannot be read). */
export function cpuMsOf(processes: readonly BenchProcess[]): number | undefined {
  let sum = 0;
  for (const p of processes) {
    const ms = p.cpuMs();
    if (ms === undefined) return undefined;
    sum += ms;
  }
  return sum;
}

const bundles = new Map<ServiceName, Promise<Entry>>();

/**
 * What a service's replicas run: the bundle its image runs (scripts/bundle-service.mjs: one ESM
 * file, no TypeScript loader, node_modules inlined), built once per benchmark run into bench/tmp.
 * Run from source through tsx, a service held 60–90 MB more at idle and its RSS varied by 40 MB
 * between runs (the roster import's memory target measured 240 and 284 MB peaks back to back).
 * BENCH_FROM_SOURCE=1 runs `apps/<service>/src/main.ts` through tsx instead (no build step).
 */
function serviceEntry(name: ServiceName): Promise<Entry> {
  if (process.env.BENCH_FROM_SOURCE === "1")
    return Promise.resolve(join(repositoryRoot, "apps", name, "src", "main.ts"));
  let built = bundles.get(name);
  if (!built) {
    const bundleDir = join(repositoryRoot, "bench", "tmp", "bundles", name);
    built = import(pathToFileURL(join(repositoryRoot, "scripts", "bundle-service.mjs")).href)
      .then((script: { bundle(service: string, out: string): Promise<void> }) =>
        script.bundle(name, bundleDir),
      )
      .then(() => ({ bundleDir }));
    bundles.set(name, built);
  }
  return built;
}

/**
 * A service's real entry point (`apps/<service>/src/main.ts`, bundled as the container runs it) with the
 * namespace's environment for that service (its own database roles, NATS user, token issuer) and
 * the service's defaults for everything else. Replicas start one after the other: the first
 * migrates, the next finds it done.
 */
export async function startServiceProcesses(
  ns: Namespace,
  name: ServiceName,
  options: { replicas?: number; env?: Record<string, string> } = {},
): Promise<ServiceProcesses> {
  const env = {
    ...envStrings(ns.envFor(name)),
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    ...options.env,
  };
  const processes: BenchProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    const entry = await serviceEntry(name);
    for (let r = 0; r < (options.replicas ?? 1); r++)
      processes.push(await startProcess(`${name} #${r + 1}`, entry, env));
  } catch (error) {
    await stop();
    throw error;
  }
  const urls = processes.map((p) => p.url);
  return { name, url: urls[0] as string, urls, processes, stop };
}

type Stoppable = { stop(): Promise<void> };

/**
 * Starts several services at once (each migrates its own schema, so they do not wait for each
 * other); if any fails to start, the others are stopped again before the error is thrown.
 */
export async function startTogether<T extends readonly (() => Promise<Stoppable>)[]>(
  starters: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const settled = await Promise.allSettled(starters.map((start) => start()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await Promise.all(
      settled.map((s) => (s.status === "fulfilled" ? s.value.stop().catch(() => {}) : undefined)),
    );
    throw failed.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<Stoppable>).value) as {
    -readonly [K in keyof T]: Awaited<ReturnType<T[K]>>;
  };
}
