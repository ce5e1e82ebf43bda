import { type BenchProcess, cpuMsOf } from "./processes.ts";
import { round } from "./stats.ts";

/** CPU time per operation, ms: what a change to the code moves, whatever else the machine runs. */
export interface CpuPerOp {
  /** The measured processes (the service's replicas, or the bare route's). */
  processes?: number;
  /** PostgreSQL (the embedded server's postmaster and backends). */
  database?: number;
}

const IDLE_PROBE_MS = 2_000;

/**
 * Runs `work` (which performs `operations` operations) and returns the CPU the processes and the
 * database used per operation. Both are first watched idle for 2 s, and that idle rate (timers,
 * polling, heartbeats) times the work's duration is taken off: at 100 requests a second on a busy
 * machine the idle CPU of two service processes would otherwise add ~0.2 ms to every request.
 */
export async function cpuPerOperation<T>(
  processes: readonly BenchProcess[],
  databaseCpuMs: () => number | undefined,
  operations: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuPerOp }> {
  const read = () => ({ processes: cpuMsOf(processes), database: databaseCpuMs() });
  const idleFrom = read();
  const idleStarted = performance.now();
  await new Promise((resolve) => setTimeout(resolve, IDLE_PROBE_MS));
  const from = read();
  const started = performance.now();
  const idleMs = started - idleStarted;
  const result = await work();
  const to = read();
  const elapsedMs = performance.now() - started;
  const perOp = (key: keyof CpuPerOp) => {
    const [a, b, c] = [idleFrom[key], from[key], to[key]];
    if (a === undefined || b === undefined || c === undefined) return undefined;
    const idle = ((b - a) / idleMs) * elapsedMs;
    return round(Math.max(0, c - b - idle) / operations, 3);
  };
  const cpu: CpuPerOp = {};
  const processesPerOp = perOp("processes");
  const databasePerOp = perOp("database");
  if (processesPerOp !== undefined) cpu.processes = processesPerOp;
  if (databasePerOp !== undefined) cpu.database = databasePerOp;
  return { result, cpu };
}

/** "service 1.2 ms + PostgreSQL 0.3 ms" */
export function cpuText(cpu: CpuPerOp | undefined, what: string): string | undefined {
  if (cpu?.processes === undefined) return undefined;
  return `${what} ${cpu.processes} ms${cpu.database !== undefined ? ` + PostgreSQL ${cpu.database} ms` : ""}`;
}
