import { type EventEnvelope, subjects } from "@krisstod/contracts";
import { executePrepared, jsonRowsStatement, type Sql, type Transaction } from "@krisstod/db";
import type { Logger } from "@krisstod/logging";
import {
  contextFromHeaders,
  currentTraceHeaders,
  endSpan,
  injectTraceContext,
  SpanKind,
  startSpan,
} from "@krisstod/tracing";
import { jetstream } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import type { NatsConnection } from "./connection.ts";
import type { BusTables } from "./tables.ts";

/** Writes events into the service's outbox inside the caller's transaction. */
export class Outbox {
  private readonly channel: string;
  /** The INSERT's text (one per column list) wrapped with the notify, built once each. */
  private readonly withNotify = new Map<string, string>();

  constructor(
    private readonly tables: BusTables,
    private readonly namespace: string,
    schemaName: string,
  ) {
    this.channel = outboxChannel(schemaName);
  }

  async enqueue(tx: Transaction, ...events: EventEnvelope[]): Promise<void> {
    await this.insert(
      tx,
      events.map((event) => ({
        subject: subjects.event(this.namespace, event.countyCode, event.organisationId, event.type),
        event,
      })),
    );
  }

  /**
   * An event for a subject outside the event stream, built from the namespace: mutual aid to
   * another county (subjects.aid), which its own stream carries to the hub.
   */
  async enqueueTo(tx: Transaction, subject: (namespace: string) => string, event: EventEnvelope) {
    await this.insert(tx, [{ subject: subject(this.namespace), event }]);
  }

  private async insert(tx: Transaction, rows: { subject: string; event: EventEnvelope }[]): Promise<void> {
    if (rows.length === 0) return;
    // The request's trace goes with the row, so the consumer in another service continues it.
    const traceContext = currentTraceHeaders() ?? null;
    // One JSON parameter for all rows (a call-out enqueues one event per person called).
    const insert = jsonRowsStatement(
      this.tables.outbox,
      rows.map(({ subject, event }) => ({ eventId: event.id, subject, payload: event, traceContext })),
    );
    if (!insert) return;
    // The rows and the notify in one prepared statement (one round trip; callers often hold a row
    // lock here). The notify is delivered at commit only, so the relay wakes exactly when the rows
    // are visible.
    await executePrepared(tx, this.insertWithNotify(insert.text), [insert.json, this.channel]);
  }

  private insertWithNotify(insert: string): string {
    let text = this.withNotify.get(insert);
    if (!text) {
      // The insert's parameter is $1; the channel follows as $2.
      text = `with inserted as (${insert}) select pg_notify($2, '')`;
      this.withNotify.set(insert, text);
    }
    return text;
  }
}

export function outboxChannel(schemaName: string): string {
  return `${schemaName}_outbox`;
}

export interface OutboxRelayOptions {
  sql: Sql;
  nc: NatsConnection;
  schemaName: string;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
  maxBackoffMs?: number;
  publishTimeoutMs?: number;
}

/**
 * Publishes the outbox to JetStream in order, with Nats-Msg-Id = event id, a batch at a time (all
 * its events sent before the first ack is awaited). One relay per service publishes at a time
 * (transaction-scoped advisory lock), so order holds across replicas.
 * While NATS is down, publishing fails, rows stay unpublished and the relay backs off; nothing is
 * lost and, thanks to the stream's duplicate window, nothing is stored twice.
 */
export class OutboxRelay {
  private running = false;
  private wakeUp: (() => void) | undefined;
  private cancelSleep: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private readonly js;

  constructor(private readonly options: OutboxRelayOptions) {
    this.js = jetstream(options.nc);
  }

  async start(): Promise<void> {
    this.running = true;
    const listener = await this.options.sql.listen(outboxChannel(this.options.schemaName), () => this.wake());
    this.unlisten = () => listener.unlisten();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelSleep?.();
    await this.loop;
    await this.unlisten?.().catch(() => {});
  }

  private wakePending = false;

  private wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wakePending = true;
  }

  private async run(): Promise<void> {
    const maxBackoff = this.options.maxBackoffMs ?? 5_000;
    let backoff = 0;
    while (this.running) {
      let published = 0;
      this.wakePending = false;
      try {
        published = await this.publishBatch();
        backoff = 0;
      } catch (error) {
        backoff = Math.min(maxBackoff, backoff === 0 ? 100 : backoff * 2);
        this.options.logger.warn({ err: errorText(error), retryInMs: backoff }, "outbox publish failed");
      }
      if (!this.running) break;
      if (backoff > 0) await this.sleep(backoff, false);
      else if (published === 0 && !this.wakePending)
        await this.sleep(this.options.pollIntervalMs ?? 1_000, true);
    }
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      // A notify wakes an idle relay at once; during back-off only stop() cuts the wait short.
      const self = this;
      this.wakeUp = wakeable
        ? () => {
            self.wakeUp = undefined;
            done();
          }
        : undefined;
      this.cancelSleep = done;
    });
  }

  /** One row to JetStream, in a producer span that continues the trace of the request behind it. */
  private async publish(row: OutboxRow): Promise<void> {
    const { span, context } = startSpan(`publish ${eventType(row)}`, {
      kind: SpanKind.PRODUCER,
      parent: contextFromHeaders(row.traceContext),
      attributes: { "messaging.system": "nats", "messaging.message.id": row.eventId },
    });
    try {
      await this.js.publish(row.subject, JSON.stringify(row.payload), {
        msgID: row.eventId,
        timeout: this.options.publishTimeoutMs ?? 2_000,
        headers: injectTraceContext(natsHeaders(), context),
      });
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  /** Returns how many events were published; throws when publishing failed part-way. */
  private async publishBatch(): Promise<number> {
    const { sql, schemaName } = this.options;
    const table = sql`${sql(schemaName)}.outbox`;
    let failure: unknown;
    const count = await sql.begin(async (tx) => {
      const [lock] =
        await tx`select pg_try_advisory_xact_lock(hashtext(${outboxChannel(schemaName)})) as locked`;
      if (!lock?.locked) return 0;
      const rows = await tx<OutboxRow[]>`
        select seq, event_id as "eventId", subject, payload, trace_context as "traceContext" from ${table}
        where published_at is null order by seq limit ${this.options.batchSize ?? 200}`;
      // All of the batch goes out at once, in order, on the one connection (its writes coalesced),
      // and the acks are awaited together: one round trip for the batch, not one per event (a
      // county call-out enqueues 2,000). The server stores them in the order sent. Published is the
      // run of rows before the first that failed; any after it that were stored anyway go again
      // next time and the stream's duplicate window drops them by their Nats-Msg-Id. (Only a
      // server that refuses one event and stores a later one, e.g. a full stream that frees space
      // mid-batch, then stores the refused one after them; the consumers are idempotent.)
      const acks = await Promise.allSettled(rows.map((row) => this.publish(row)));
      const firstFailed = acks.findIndex((ack) => ack.status === "rejected");
      const published = firstFailed === -1 ? rows : rows.slice(0, firstFailed);
      const done = published.map((row) => row.seq);
      const failed = firstFailed === -1 ? undefined : rows[firstFailed];
      if (failed) {
        failure = (acks[firstFailed] as PromiseRejectedResult).reason;
        await tx`update ${table} set attempts = attempts + 1 where seq = ${failed.seq}`;
      }
      if (done.length > 0) {
        await tx`update ${table} set published_at = now() where seq in ${sql(done)}`;
      }
      return done.length;
    });
    if (failure) throw failure;
    return count;
  }
}

interface OutboxRow {
  seq: string;
  eventId: string;
  subject: string;
  payload: unknown;
  traceContext: Record<string, string> | null;
}

function eventType(row: OutboxRow): string {
  const type = (row.payload as { type?: unknown }).type;
  return typeof type === "string" ? type : "event";
}

/** What waits in a service's outbox: how many events and how long the oldest has waited. */
export async function outboxBacklog(
  sql: Sql,
  schemaName: string,
): Promise<{ pending: number; oldestAgeSeconds: number }> {
  // The partial index on unpublished rows keeps this cheap however long the published history.
  const [row] = await sql<{ pending: number; age: number | null }[]>`
    select count(*)::int as pending, extract(epoch from now() - min(created_at))::float8 as age
    from ${sql(schemaName)}.outbox where published_at is null`;
  return { pending: row?.pending ?? 0, oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
