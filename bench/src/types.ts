import type { Namespace } from "@krisstod/testing/namespace";
import type { CpuPerOp } from "./cpu.ts";
import type { GeneratorPool } from "./load/pool.ts";
import type { LatencySummary } from "./stats.ts";

/** How the bare-route baseline is driven for a target: the target's own load shape. */
export interface BaselineShape {
  /** Requests in all. */
  requests: number;
  /** In flight at once (1: one after the other). */
  concurrency: number;
  /** Baseline processes the load is spread over (as many as the target's service replicas). */
  replicas: number;
}

export interface BaselineResult {
  latency: LatencySummary;
  throughput: number;
  /** First request → last answer. */
  ms: number;
  shape: string;
  /** CPU per request of the baseline's processes and of PostgreSQL (see Measurement.cpu). */
  cpu?: CpuPerOp;
}

/**
 * What the ratio divides: a rate target by rate (measured ÷ baseline; ≥ 1 is as fast as the bare
 * route), a latency target by its percentile (measured ÷ baseline; how many times slower), a
 * time-to-finish target by the time the baseline takes for the same number of rows.
 */
export type RatioOf = "throughput" | "p99" | "p95" | "duration";

/** What every benchmark target measures and is compared against. */
export interface Measurement {
  name: string;
  /** The target as the issue states it, e.g. "p99 < 100 ms". */
  target: string;
  latency?: LatencySummary;
  /** What was measured, for the table, when not a latency or rate (e.g. a peak RSS). */
  measured?: string;
  /** Operations per second. */
  throughput?: number;
  /** For a time-to-finish target (the call-out): the worst run, ms. */
  durationMs?: number;
  /**
   * CPU per operation of the measured service's processes and of PostgreSQL, ms (user + system,
   * from /proc, idle use taken off): what a change to the code moves, whatever else the machine runs.
   */
  cpu?: CpuPerOp;
  /** Per user-facing request type (the county peak day). */
  byRequest?: Record<string, LatencySummary>;
  /**
   * The county peak day: each change from its feed row (the start of the projection transaction
   * that wrote it) to its receipt by each dashboard. Measured beside the target, not part of it.
   */
  streamDelivery?: LatencySummary;
  met: boolean;
  notes?: string;
  /** What limits it (the bottleneck as far as known), for the table. */
  limits?: string;
  /** The baseline run for this target (filled in by run.ts from baselineShape). */
  baselineShape?: BaselineShape;
  ratioOf?: RatioOf;
  baseline?: BaselineResult;
  /** See RatioOf. */
  ratio?: number;
  /** Seconds the target took, set-up and baseline included. */
  elapsedS?: number;
  /** A rate target that must also reach this share of the baseline's rate (registrations: 0.5). */
  minRatio?: number;
}

export interface BenchEnvironment {
  /** Admin URL of the PostgreSQL server (a fresh database is created per target). */
  databaseAdminUrl: string;
  /** CPU ms the database server has used so far, where it can be read (the embedded one). */
  databaseCpuMs(): number | undefined;
  natsUrl: string;
  /** A fresh database and NATS namespace on the run's servers. */
  namespace(): Promise<Namespace>;
  /** The load-generator processes. */
  pool: GeneratorPool;
  /** Scale factor: 1 for the full run, smaller for a quick one (BENCH_SCALE, BENCH_QUICK). */
  scale: number;
  /** BENCH_QUICK=1: every target tiny, for the smoke test. */
  quick: boolean;
}

export interface BenchTarget {
  name: string;
  /** One row, or several when one loaded data set answers several targets. */
  run(env: BenchEnvironment): Promise<Measurement | Measurement[]>;
}
