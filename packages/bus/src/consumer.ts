import { EventEnvelope } from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import type { Logger } from "@krisstod/logging";
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import type { NatsConnection } from "./connection.ts";
import type { BusTables } from "./tables.ts";

/** Thrown by a handler for an event that can never be processed: it is terminated and recorded. */
export class PoisonEventError extends Error {
  override readonly name = "PoisonEventError";
}

export type EventHandler = (tx: Transaction, event: EventEnvelope) => Promise<void>;

export interface EventConsumerOptions {
  nc: NatsConnection;
  db: Database;
  tables: BusTables;
  logger: Logger;
  stream: string;
  /** Durable name, shared by every replica of the service so they share the work. */
  durable: string;
  filterSubject: string;
  handle: EventHandler;
  /** At most this many messages are processed at once (1 keeps the stream's order). */
  maxConcurrent?: number;
  ackWaitMs?: number;
}

/**
 * A durable pull consumer with explicit ack. Each event's effect and its id in the inbox commit in
 * one transaction; the ack follows the commit. A redelivered event finds its id in the inbox and is
 * acked without a second effect.
 */
export class EventConsumer {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: EventConsumerOptions) {}

  async start(): Promise<void> {
    const { nc, stream, durable, filterSubject } = this.options;
    const jsm = await jetstreamManager(nc);
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filterSubject,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
      max_ack_pending: 1_000,
    };
    try {
      await jsm.consumers.info(stream, durable);
      await jsm.consumers.update(stream, durable, config);
    } catch {
      await jsm.consumers.add(stream, config);
    }
    const consumer = await jetstream(nc).consumers.get(stream, durable);
    const maxConcurrent = this.options.maxConcurrent ?? 1;
    this.messages = await consumer.consume({ max_messages: Math.max(10, maxConcurrent * 2) });
    this.loop = this.run(maxConcurrent);
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private async run(maxConcurrent: number): Promise<void> {
    if (!this.messages) return;
    for await (const message of this.messages) {
      const work = this.process(message).finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
      if (this.inFlight.size >= maxConcurrent) await Promise.race(this.inFlight);
    }
  }

  private async process(message: JsMsg): Promise<void> {
    const { logger, durable } = this.options;
    const parsed = parseEnvelope(message);
    if (!parsed.ok) {
      await this.recordDeadLetter(message, parsed.reason);
      message.term(parsed.reason);
      return;
    }
    const event = parsed.event;
    try {
      await this.options.db.transaction(async (tx) => {
        const inserted = await tx
          .insert(this.options.tables.inbox)
          .values({ consumer: durable, eventId: event.id })
          .onConflictDoNothing()
          .returning({ eventId: this.options.tables.inbox.eventId });
        if (inserted.length === 0) return; // already had its effect
        await this.options.handle(tx, event);
      });
      message.ack();
    } catch (error) {
      if (error instanceof PoisonEventError) {
        await this.recordDeadLetter(message, error.message);
        message.term(error.message);
        return;
      }
      const delay = Math.min(30_000, 500 * 2 ** Math.min(6, message.info.deliveryCount));
      logger.warn(
        { consumer: durable, eventId: event.id, type: event.type, err: String(error), retryInMs: delay },
        "event processing failed; will retry",
      );
      message.nak(delay);
    }
  }

  private async recordDeadLetter(message: JsMsg, reason: string): Promise<void> {
    this.options.logger.error(
      { consumer: this.options.durable, subject: message.subject, seq: message.seq, reason },
      "terminating an event that can never be processed",
    );
    await this.options.db.insert(this.options.tables.deadLetters).values({
      consumer: this.options.durable,
      subject: message.subject,
      streamSequence: message.seq,
      reason,
      payload: message.string().slice(0, 100_000),
    });
  }
}

function parseEnvelope(message: JsMsg): { ok: true; event: EventEnvelope } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = message.json();
  } catch {
    return { ok: false, reason: "payload is not JSON" };
  }
  const result = EventEnvelope.safeParse(json);
  if (!result.success) {
    return { ok: false, reason: `not an event envelope: ${result.error.issues[0]?.message ?? "invalid"}` };
  }
  return { ok: true, event: result.data };
}
