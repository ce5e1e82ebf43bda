import type { LatencySummary } from "./stats.ts";

/** What every benchmark target measures and is compared against. */
export interface Measurement {
  name: string;
  /** The target as the issue states it, e.g. "p99 < 100 ms". */
  target: string;
  latency?: LatencySummary;
  /** Operations per second. */
  throughput?: number;
  /** Which raw limit this is compared to (a key of RawLimits). */
  comparedTo?: "pgInsert" | "natsRoundTrip";
  /** measured / raw: for latency p99 ÷ raw p99, for throughput measured ÷ raw throughput. */
  ratioToRaw?: number;
  met: boolean;
  notes?: string;
}

export interface BenchEnvironment {
  /** Admin URL of the PostgreSQL server (a fresh database is created per target). */
  databaseAdminUrl: string;
  natsUrl: string;
  /** Scale factor: 1 for the full run, smaller for a quick one (BENCH_SCALE). */
  scale: number;
}

export interface BenchTarget {
  name: string;
  /** One row, or several when one loaded data set answers several targets. */
  run(env: BenchEnvironment): Promise<Measurement | Measurement[]>;
}
