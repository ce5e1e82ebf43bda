import type { EventEnvelope } from "@krisstod/contracts";
import { connectDatabase, type DatabaseHandle } from "@krisstod/db";
import { createLogger } from "@krisstod/logging";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { pgSchema } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busTables, ensureEventStream, natsConnectOptions, Outbox, OutboxRelay } from "../src/index.ts";
import { countedEvent } from "./events.ts";

const SCHEMA = "relay_test";
const tables = busTables(pgSchema(SCHEMA));

/**
 * The relay sends a batch's events together. When JetStream refuses one (here a full event stream,
 * which refuses new events rather than dropping old ones), the events before it count as published
 * and it and the ones after stay in the outbox, to go again in order: each event reaches the stream
 * once, in the order of its commit, and nothing is lost.
 */
describe("the outbox relay when JetStream refuses an event mid-batch", () => {
  let ns: TestNamespace;
  let db: DatabaseHandle;
  let nc: NatsConnection;
  let stream: string;

  // About 2 KB each, so the 8 KB stream holds only some of them.
  const event = (n: number): EventEnvelope => countedEvent({ data: { n, note: "x".repeat(2_000) } });
  const outboxRows = () =>
    db.sql<{ eventId: string; published: boolean; attempts: number }[]>`
      select event_id as "eventId", published_at is not null as published, attempts
      from relay_test.outbox order by seq`;
  /** The ids the stream holds now, in stream order. */
  const streamIds = async () => {
    const jsm = await jetstreamManager(nc);
    const { state } = await jsm.streams.info(stream);
    const ids: string[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq });
      if (message) ids.push(message.json<EventEnvelope>().id);
    }
    return ids;
  };

  beforeAll(async () => {
    ns = await createTestNamespace();
    db = connectDatabase(ns.databaseUrl);
    await db.sql.unsafe(`
      create schema ${SCHEMA};
      create table ${SCHEMA}.outbox (seq bigserial primary key, event_id uuid not null unique,
        subject text not null, payload jsonb not null, created_at timestamptz not null default now(),
        published_at timestamptz, attempts int not null default 0, trace_context jsonb);`);
    nc = await connect(natsConnectOptions(ns.natsUrl));
    stream = await ensureEventStream(nc, { namespace: ns.natsNamespace, replicas: 1, maxBytes: 8_192 });
  });
  afterAll(async () => {
    await nc?.close();
    await db?.close();
  });

  it("publishes the run before the refused event, then the rest in order once there is room, each once", async () => {
    const events = Array.from({ length: 8 }, (_, n) => event(n));
    const outbox = new Outbox(tables, ns.natsNamespace, SCHEMA);
    await db.db.transaction((tx) => outbox.enqueue(tx, ...events));
    const relay = new OutboxRelay({
      sql: db.sql,
      nc,
      schemaName: SCHEMA,
      logger: createLogger("test", "silent"),
      maxBackoffMs: 100,
    });
    await relay.start();
    const seen: string[] = [];
    try {
      // The refused event's attempts when room was last made.
      let attemptsAtRoom = 0;
      for (let round = 0; round < events.length; round++) {
        // Once the relay has tried the refused event again since there was room: what it marked
        // published is a run from the start, and the stream holds exactly the part of that run not
        // seen before (read until the two agree: the relay marks a run after JetStream has it).
        const { rows, stored } = await waitFor(
          async () => {
            const all = await outboxRows();
            const left = all.find((row) => !row.published);
            if (left && left.attempts <= attemptsAtRoom) return undefined;
            const inStream = await streamIds();
            const published = all.filter((row) => row.published).map((row) => row.eventId);
            const agree = JSON.stringify([...seen, ...inStream]) === JSON.stringify(published);
            return agree && (!left || inStream.length > 0) ? { rows: all, stored: inStream } : undefined;
          },
          { message: `round ${round}: the relay did not go on where it stopped` },
        );
        const published = rows.filter((row) => row.published).map((row) => row.eventId);
        expect(rows.slice(0, published.length).every((row) => row.published)).toBe(true);
        expect([...seen, ...stored]).toEqual(published);
        if (published.length === events.length) break;
        // Room again (as an operator would make it): the relay goes on where it stopped.
        seen.push(...stored);
        await (await jetstreamManager(nc)).streams.purge(stream);
        attemptsAtRoom = (await outboxRows()).find((row) => !row.published)?.attempts ?? 0;
      }
    } finally {
      await relay.stop();
    }
    expect(seen.length).toBeLessThan(events.length);
    const all = [...seen, ...(await streamIds())];
    expect(all).toEqual(events.map((e) => e.id));
  });
});
