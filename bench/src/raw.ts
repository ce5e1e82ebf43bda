import { splitCredentials } from "@krisstod/testing/namespace";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { type LatencySummary, round, summarise } from "./stats.ts";
import type { BenchEnvironment } from "./types.ts";

export interface RawLimit {
  latency: LatencySummary;
  throughput: number;
}
export interface RawLimits {
  pgInsert: RawLimit;
  natsRoundTrip: RawLimit;
}

/** A plain single-row INSERT loop, each in its own transaction, on the same PostgreSQL. */
export async function measurePgInsert(env: BenchEnvironment): Promise<RawLimit> {
  const ns = await env.namespace();
  const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`create table raw_insert (id bigserial primary key, payload jsonb not null, at timestamptz default now())`;
    const count = Math.max(200, Math.round(3_000 * env.scale));
    const samples: number[] = [];
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      await sql`insert into raw_insert (payload) values (${sql.json({ i, name: "x" })})`;
      samples.push(performance.now() - t);
    }
    return {
      latency: summarise(samples),
      throughput: round(count / ((performance.now() - started) / 1000), 0),
    };
  } finally {
    await sql.end();
    await ns.drop();
  }
}

/** A raw NATS publish → receive round trip (core NATS, one message in flight). */
export async function measureNatsRoundTrip(env: BenchEnvironment): Promise<RawLimit> {
  const { servers, credentials } = splitCredentials(env.natsUrl);
  const publisher = await connect({ servers, ...credentials });
  const receiver = await connect({ servers, ...credentials });
  try {
    const subject = `bench.raw.${Date.now()}`;
    const count = Math.max(500, Math.round(5_000 * env.scale));
    const samples: number[] = [];
    let resolveNext: (() => void) | undefined;
    receiver.subscribe(subject, { callback: () => resolveNext?.() });
    await receiver.flush();
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      const received = new Promise<void>((resolve) => {
        resolveNext = resolve;
      });
      publisher.publish(subject, "x");
      await received;
      samples.push(performance.now() - t);
    }
    return {
      latency: summarise(samples),
      throughput: round(count / ((performance.now() - started) / 1000), 0),
    };
  } finally {
    await publisher.close();
    await receiver.close();
  }
}
