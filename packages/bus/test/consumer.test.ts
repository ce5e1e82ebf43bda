import { type EventEnvelope, subjects } from "@krisstod/contracts";
import { connectDatabase, type Database, type DatabaseHandle } from "@krisstod/db";
import { createLogger } from "@krisstod/logging";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { sql } from "drizzle-orm";
import { pgSchema } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  busTables,
  EventConsumer,
  type EventHandler,
  ensureEventStream,
  natsConnectOptions,
} from "../src/index.ts";
import { countedEvent } from "./events.ts";

const tables = busTables(pgSchema("bus_test"));
const DURABLE = "ordered-test";
const logger = createLogger("test", "silent");

/**
 * A consumer that crashes (kill -9) while it holds delivered, unacknowledged events must not let
 * its successor apply newer events before them: JetStream hands the unacknowledged ones out again
 * only after the ack wait, behind the newer ones, and a projection applying "the latest counts"
 * would then overwrite new state with old and skip a change its readers should have seen.
 */
describe("a durable consumer taking over from a crashed one", () => {
  let ns: TestNamespace;
  let db: DatabaseHandle;
  let nc: NatsConnection;
  let stream: string;

  const publishOn = async (organisationId: string, ...values: number[]) => {
    const on = subjects.event(ns.natsNamespace, "13", organisationId, "centre.counted");
    for (const n of values) {
      const e = countedEvent({ organisationId, data: { n } });
      await jetstream(nc).publish(on, JSON.stringify(e), { msgID: e.id });
    }
  };
  const publish = (...values: number[]) => publishOn("kommun-1380", ...values);
  const applied = async () =>
    (await db.sql<{ n: number }[]>`select n from bus_test.applied order by seq`).map((r) => r.n);
  const record =
    (hold?: (n: number) => Promise<void>): EventHandler =>
    async (tx, e) => {
      const n = (e.data as { n: number }).n;
      await hold?.(n);
      await tx.execute(sql`insert into bus_test.applied (n) values (${n})`);
    };

  beforeAll(async () => {
    ns = await createTestNamespace();
    db = connectDatabase(ns.databaseUrl);
    await db.sql.unsafe(`
      create schema bus_test;
      create table bus_test.inbox (consumer text not null, event_id uuid not null,
        processed_at timestamptz not null default now(), primary key (consumer, event_id));
      create table bus_test.dead_letters (seq bigserial primary key, consumer text not null,
        subject text not null, stream_sequence bigint, reason text not null, payload text not null,
        recorded_at timestamptz not null default now());
      create table bus_test.applied (seq bigserial primary key, n int not null);`);
    nc = await connect(natsConnectOptions(ns.natsUrl));
    stream = await ensureEventStream(nc, { namespace: ns.natsNamespace, replicas: 1 });
  });
  afterAll(async () => {
    await nc?.close();
    await db?.close();
  });

  it("applies the events the crashed one held before newer ones, each once", async () => {
    const ackWaitMs = 2_000;
    // The first consumer: its own NATS and PostgreSQL connections, so both can die as in a crash.
    const crashedNc = await connect(natsConnectOptions(ns.natsUrl));
    const crashedSql = postgres(ns.databaseUrl, {
      max: 2,
      onnotice: () => {},
      connection: { application_name: "crashed-consumer" },
    });
    const crashedDb = drizzle(crashedSql) as unknown as Database;
    let holding = false;
    const first = new EventConsumer({
      nc: crashedNc,
      db: crashedDb,
      tables,
      logger,
      stream,
      durable: DURABLE,
      filterSubject: subjects.allEvents(ns.natsNamespace),
      ackWaitMs,
      handle: record(async (n) => {
        if (n !== 3) return;
        holding = true;
        await new Promise(() => {}); // stuck mid-transaction when the process dies
      }),
    });
    await first.start();
    await publish(1, 2);
    await waitFor(async () => (await applied()).length === 2, { message: "1 and 2 not applied" });
    await publish(3);
    await waitFor(() => holding, { message: "the first consumer never took 3" });

    // kill -9: its NATS connection and its database session (with the open transaction) go.
    await crashedNc.close();
    await db.sql`select pg_terminate_backend(pid) from pg_stat_activity
                 where application_name = 'crashed-consumer'`;
    await crashedSql.end({ timeout: 1 }).catch(() => {});

    const second = new EventConsumer({
      nc,
      db: db.db,
      tables,
      logger,
      stream,
      durable: DURABLE,
      filterSubject: subjects.allEvents(ns.natsNamespace),
      ackWaitMs,
      handle: record(),
    });
    await second.start();
    try {
      await publish(4, 5);
      await waitFor(async () => (await applied()).length >= 5, {
        timeoutMs: 4 * ackWaitMs,
        message: "not every event was applied",
      });
      // Past the ack wait JetStream hands 3 out again; it must find it done and change nothing.
      const jsm = await jetstreamManager(nc);
      await waitFor(async () => (await jsm.consumers.info(stream, DURABLE)).num_ack_pending === 0, {
        timeoutMs: 4 * ackWaitMs,
        message: "the redelivered event was never acknowledged",
      });
      expect(await applied()).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await second.stop();
    }
  });
  it("goes on by itself when its durable is deleted under it, applying each event once", async () => {
    const durable = "deleted-test";
    // Its own organisation's subject, so the events of the test above are not its concern.
    const own = subjects.event(ns.natsNamespace, "13", "kommun-1381", "centre.counted");
    await db.sql`truncate bus_test.applied`;
    const consumer = new EventConsumer({
      nc,
      db: db.db,
      tables,
      logger,
      stream,
      durable,
      filterSubject: own,
      handle: record(),
    });
    await consumer.start();
    try {
      await publishOn("kommun-1381", 11, 12);
      await waitFor(async () => (await applied()).length === 2, { message: "11 and 12 not applied" });
      // An operator's mistake, or the stream restored from a backup without its consumers.
      await (await jetstreamManager(nc)).consumers.delete(stream, durable);
      await publishOn("kommun-1381", 13);
      await waitFor(async () => (await applied()).includes(13), {
        timeoutMs: 20_000,
        message: "the consumer stood still after its durable was deleted",
      });
      // The new durable is handed the whole stream again; what was applied is not applied twice.
      await waitFor(
        async () => (await (await jetstreamManager(nc)).consumers.info(stream, durable)).num_pending === 0,
      );
      expect(await applied()).toEqual([11, 12, 13]);
    } finally {
      await consumer.stop();
    }
  });
});
