import { type EventEnvelope, subjects } from "@krisstod/contracts";
import { connectDatabase, type DatabaseHandle } from "@krisstod/db";
import { createLogger } from "@krisstod/logging";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { pgSchema } from "drizzle-orm/pg-core";
import { v7 as uuidv7 } from "uuid";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { busTables, EventConsumer, ensureEventStream, natsConnectOptions } from "../src/index.ts";
import { countedEvent } from "./events.ts";

const tables = busTables(pgSchema("poison_test"));
const logger = createLogger("test", "silent");
const MAX_DELIVER = 3;
const ACK_WAIT_MS = 1_000;

/**
 * Events that can never be processed end as exactly one dead-letter row each, after a bounded
 * number of deliveries, and never reach the handler when their envelope does not belong on the
 * subject they came on (a forged or mis-built event).
 */
describe("an event that can never be processed", () => {
  let ns: TestNamespace;
  let db: DatabaseHandle;
  let nc: NatsConnection;
  let stream: string;
  let consumer: EventConsumer | undefined;
  let durable = "";
  let handled: string[] = [];

  const event = countedEvent;
  const subjectOf = (e: Pick<EventEnvelope, "countyCode" | "organisationId" | "type">) =>
    subjects.event(ns.natsNamespace, e.countyCode, e.organisationId, e.type);
  const publish = (subject: string, payload: string) => jetstream(nc).publish(subject, payload);
  const deadLetters = async () =>
    db.sql<{ reason: string; streamSequence: number }[]>`
      select reason, stream_sequence as "streamSequence" from poison_test.dead_letters
      where consumer = ${durable} order by seq`;
  const startConsumer = async (handle: (e: EventEnvelope) => Promise<void>) => {
    durable = `poison-${uuidv7().slice(-8)}`;
    handled = [];
    consumer = new EventConsumer({
      nc,
      db: db.db,
      tables,
      logger,
      stream,
      durable,
      filterSubject: subjects.allEvents(ns.natsNamespace),
      ackWaitMs: ACK_WAIT_MS,
      maxDeliver: MAX_DELIVER,
      handle: async (_tx, e) => {
        handled.push(e.id);
        await handle(e);
      },
    });
    await consumer.start();
  };
  /** Waits past any redelivery the server could still make, then reads the consumer's counts. */
  const settled = async () => {
    await new Promise((resolve) => setTimeout(resolve, 3 * ACK_WAIT_MS + 8_000));
    return (await jetstreamManager(nc)).consumers.info(stream, durable);
  };

  beforeAll(async () => {
    ns = await createTestNamespace();
    db = connectDatabase(ns.databaseUrl);
    await db.sql.unsafe(`
      create schema poison_test;
      create table poison_test.inbox (consumer text not null, event_id uuid not null,
        processed_at timestamptz not null default now(), primary key (consumer, event_id));
      create table poison_test.dead_letters (seq bigserial primary key, consumer text not null,
        subject text not null, stream_sequence bigint, reason text not null, payload text not null,
        recorded_at timestamptz not null default now());`);
    nc = await connect(natsConnectOptions(ns.natsUrl));
    stream = await ensureEventStream(nc, { namespace: ns.natsNamespace, replicas: 1 });
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await (await jetstreamManager(nc)).streams.purge(stream);
  });
  afterAll(async () => {
    await nc?.close();
    await db?.close();
  });

  it("is delivered once when malformed and gives exactly one dead-letter row each", async () => {
    await startConsumer(async () => {});
    const good = event();
    await publish(subjectOf(good), "this is not json");
    await publish(subjectOf(good), JSON.stringify({ ...event(), id: "not-a-uuid" }));
    await publish(subjectOf(good), JSON.stringify(good));
    await waitFor(async () => (await deadLetters()).length === 2 && handled.length === 1, {
      message: "two dead letters and the good event",
    });
    const info = await settled();
    expect(info.num_redelivered).toBe(0);
    expect(info.num_ack_pending).toBe(0);
    expect(info.delivered.consumer_seq).toBe(3);
    expect((await deadLetters()).map((l) => l.reason)).toEqual([
      "payload is not JSON",
      expect.stringContaining("not an event envelope"),
    ]);
    expect(handled).toEqual([good.id]);
  });

  it(`is delivered at most ${MAX_DELIVER} times when its handler always fails, then gives exactly one dead-letter row`, {
    timeout: 60_000,
  }, async () => {
    const doomed = event({ aggregateId: "doomed" });
    await startConsumer(async (e) => {
      if (e.aggregateId === "doomed") throw new Error("the handler cannot apply this");
    });
    await publish(subjectOf(doomed), JSON.stringify(doomed));
    const after = event();
    await publish(subjectOf(after), JSON.stringify(after));
    await waitFor(async () => (await deadLetters()).length === 1, {
      timeoutMs: 30_000,
      message: "the failing event was never dead-lettered",
    });
    const info = await settled();
    expect(handled.filter((id) => id === doomed.id)).toHaveLength(MAX_DELIVER);
    expect(handled.filter((id) => id === after.id)).toHaveLength(1);
    expect(info.num_ack_pending).toBe(0);
    const letters = await deadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]?.reason).toBe(`gave up after ${MAX_DELIVER} deliveries: the handler cannot apply this`);
  });

  it("refuses an envelope that does not match its subject or its type's producer, once, without handling it", async () => {
    await startConsumer(async () => {});
    const good = event();
    const forged = [
      // A centre event claiming to come from activation.
      { subject: subjectOf(good), envelope: event({ producer: "activation" }) },
      // An incident event on a centre event's subject (published by whoever may publish centres').
      { subject: subjectOf(good), envelope: event({ type: "incident.opened", producer: "activation" }) },
      // Another organisation, or county, than its subject's.
      { subject: subjectOf(good), envelope: event({ organisationId: "kommun-1383" }) },
      { subject: subjectOf({ ...good, countyCode: "12" }), envelope: event() },
      // An organisation placed in a county it is not in (Halmstad is in Halland, 13).
      {
        subject: subjectOf({ ...good, countyCode: "12" }),
        envelope: event({ countyCode: "12" }),
      },
      // A type no service publishes.
      { subject: subjectOf({ ...good, type: "nobody.said" }), envelope: event({ type: "nobody.said" }) },
    ];
    for (const { subject, envelope } of forged) await publish(subject, JSON.stringify(envelope));
    await publish(subjectOf(good), JSON.stringify(good));
    await waitFor(async () => handled.length === 1 && (await deadLetters()).length === forged.length, {
      message: "every forged event dead-lettered and the good one handled",
    });
    expect(handled).toEqual([good.id]);
    const reasons = (await deadLetters()).map((l) => l.reason);
    expect(reasons).toEqual([
      expect.stringMatching(/^refused: producer activation does not match support-centres/),
      expect.stringMatching(/^refused: type incident.opened does not match the subject's centre.counted/),
      expect.stringMatching(/^refused: organisationId kommun-1383 does not match/),
      expect.stringMatching(/^refused: countyCode 13 does not match the subject's county 12/),
      expect.stringMatching(/^refused: organisation kommun-1380 is in county 13, not 12/),
      expect.stringMatching(/^refused: no service publishes events of type nobody.said/),
    ]);
    const info = await settled();
    expect(info.num_redelivered).toBe(0);
    expect(await deadLetters()).toHaveLength(forged.length);
  });
});
