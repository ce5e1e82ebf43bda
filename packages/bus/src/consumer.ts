import {
  countyOfOrganisation,
  type EventDefinition,
  EventEnvelope,
  parseEvent,
  producerOfEventType,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import type { Logger } from "@krisstod/logging";
import {
  type Context,
  contextFromHeaders,
  endSpan,
  type Span,
  SpanKind,
  startSpan,
  withContext,
} from "@krisstod/tracing";
import {
  AckPolicy,
  type ConsumerInfo,
  type ConsumerMessages,
  DeliverPolicy,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import { and, count, eq, sql } from "drizzle-orm";
import { ZodError, type z } from "zod";
import type { NatsConnection } from "./connection.ts";
import { InterruptibleSleep } from "./interruptible-sleep.ts";
import type { BusTables } from "./tables.ts";

/** Thrown by a handler for an event that can never be processed: it is terminated and recorded. */
export class PoisonEventError extends Error {
  override readonly name = "PoisonEventError";
}

/**
 * `error` as a PoisonEventError when it is `event` failing its contract (a ZodError): such an event
 * can never be handled, so retrying it is pointless. Any other error is returned as it is (retried).
 */
export function poisonIfInvalid(error: unknown, event: EventEnvelope): unknown {
  return error instanceof ZodError ? new PoisonEventError(`invalid ${event.type}: ${error.message}`) : error;
}

/** The event checked against its contract (parseEvent); one that does not fit is poison. */
export function parseEventOrPoison<T extends string, D extends z.ZodType>(
  definition: EventDefinition<T, D>,
  event: EventEnvelope,
) {
  try {
    return parseEvent(definition, event);
  } catch (error) {
    throw poisonIfInvalid(error, event);
  }
}

export type EventHandler = (tx: Transaction, event: EventEnvelope) => Promise<void>;
/**
 * Handles several events, in stream order, in one transaction: for consumers that must keep up
 * with a backlog (a projection writes a batch with a few statements instead of a few per event).
 */
export type BatchHandler = (tx: Transaction, events: EventEnvelope[]) => Promise<void>;

export interface EventConsumerOptions {
  nc: NatsConnection;
  db: Database;
  tables: BusTables;
  logger: Logger;
  stream: string;
  /** Durable name, shared by every replica of the service so they share the work. */
  durable: string;
  filterSubject: string;
  /** Either one event at a time, or a batch at a time. */
  handle: EventHandler | { batch: BatchHandler };
  /** At most this many waiting messages are handled in one transaction (default 200). */
  maxBatch?: number;
  ackWaitMs?: number;
  /**
   * How many times an event is handed to this consumer at most (JetStream's max_deliver). After the
   * last failed attempt it is terminated and recorded as a dead letter (default 10, which with the
   * retry backoff is about three minutes of retrying).
   */
  maxDeliver?: number;
  /**
   * Why an envelope does not belong on the subject it came on, or undefined when it does; the
   * default checks an event subject (envelopeMismatch). A stream of other subjects brings its own.
   */
  envelopeCheck?: (subject: string, event: EventEnvelope) => string | undefined;
}

export const DEFAULT_MAX_DELIVER = 10;
/** How long a consumer whose pull ended on its own waits before subscribing again. */
const RESUBSCRIBE_MS = 1_000;

type Traced = { span: Span; context: Context };

/**
 * A durable pull consumer with explicit ack. Each event's effect and its id in the inbox commit in
 * one transaction; the ack follows the commit. A redelivered event finds its id in the inbox and is
 * acked without a second effect.
 *
 * Messages that are already waiting are handled in batches (in stream order, one transaction per
 * batch) so a backlog drains at many hundred events per second; a batch that fails is retried one
 * message at a time, so one bad event cannot hold back the others.
 */
export class EventConsumer {
  private messages: ConsumerMessages | undefined;
  private pump: Promise<void> | undefined;
  private worker: Promise<void> | undefined;
  private readonly queue: JsMsg[] = [];
  private signal: (() => void) | undefined;
  private closed = false;
  /** Set by stop(): the end of the pull is then expected, not a reason to subscribe again. */
  private stopping = false;
  private readonly pause = new InterruptibleSleep();

  constructor(private readonly options: EventConsumerOptions) {}

  get durable(): string {
    return this.options.durable;
  }

  async start(): Promise<void> {
    // Started again after a stop (an exclusive consumer changing hands): a fresh queue and worker.
    this.closed = false;
    this.stopping = false;
    this.queue.length = 0;
    this.messages = await this.subscribe();
    this.pump = this.receive();
    this.worker = this.work();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.interrupt();
    await this.messages?.close();
    await this.pump;
    this.closed = true;
    this.signal?.();
    await this.worker;
  }

  /** Makes sure the durable exists with our settings, catches up, and starts pulling from it. */
  private async subscribe(): Promise<ConsumerMessages> {
    const { nc, stream, durable, filterSubject } = this.options;
    const jsm = await jetstreamManager(nc);
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filterSubject,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
      max_ack_pending: 1_000,
      // A bound on redelivery even if our own dead-lettering below never runs (a crash loop).
      max_deliver: this.maxDeliver(),
    };
    let info: ConsumerInfo | undefined;
    try {
      info = await jsm.consumers.info(stream, durable);
      await jsm.consumers.update(stream, durable, config);
    } catch {
      await jsm.consumers.add(stream, config);
    }
    if (info && info.num_ack_pending > 0) {
      await this.catchUp(info.ack_floor.stream_seq + 1, info.delivered.stream_seq);
    }
    const consumer = await jetstream(nc).consumers.get(stream, durable);
    // Short pulls: when the node leading this consumer goes away, the client notices by two
    // missed heartbeats (half a pull's expiry each) and pulls from the new leader. With the
    // default 30 s pull that took about 40 s, and the live map stood still meanwhile.
    // A durable that is gone (deleted, or the stream restored) ends the pull instead of waiting
    // for it forever: receive() then creates it again.
    return consumer.consume({
      max_messages: this.batchSize() * 2,
      expires: 5_000,
      abort_on_missing_resource: true,
    });
  }

  /**
   * Events delivered to a predecessor (a crashed process, or a replica) and not acknowledged are
   * handed out again by JetStream only after the ack wait, behind newer ones. Applying the newer
   * ones first would let older state overwrite newer (a projection keeps "the latest counts") and
   * a change its readers should see would come late or never. So before taking new messages, the
   * stream range from the ack floor to the last delivered message is read directly, in order, and
   * applied; those already done are skipped by the inbox, and when JetStream redelivers them they
   * are found done and acknowledged. One that fails here is left to the normal redelivery (and
   * its retry or dead-letter handling).
   */
  private async catchUp(from: number, to: number): Promise<void> {
    if (to < from) return;
    const { nc, stream, filterSubject, logger, durable } = this.options;
    const messages = await readInOrder(nc, stream, {
      fromSequence: from,
      filterSubject,
      maxMessages: this.batchSize() * 2,
    });
    // Stop waiting if the range ends in a message that is gone (should not happen: limits retention).
    const idle = setTimeout(() => void messages.close(), 10_000);
    let page: EventEnvelope[] = [];
    let seen = 0;
    const flush = async () => {
      const events = page;
      page = [];
      seen += events.length;
      if (events.length === 0) return;
      try {
        await this.apply(events);
      } catch {
        for (const event of events) {
          await this.apply([event]).catch((error: unknown) =>
            logger.warn(
              { consumer: durable, eventId: event.id, type: event.type, err: String(error) },
              "catch-up could not apply an event; left to redelivery",
            ),
          );
        }
      }
    };
    try {
      for await (const message of messages) {
        idle.refresh();
        const parsed = parseEnvelope(message, this.envelopeCheck());
        if (parsed.ok) page.push(parsed.event);
        if (page.length >= this.batchSize() || message.seq >= to) await flush();
        if (message.seq >= to) break;
      }
      await flush();
    } finally {
      clearTimeout(idle);
      await messages.close();
    }
    logger.info({ consumer: durable, from, to, events: seen }, "caught up with unacknowledged events");
  }

  private envelopeCheck() {
    return this.options.envelopeCheck ?? envelopeMismatch;
  }

  private maxDeliver(): number {
    return this.options.maxDeliver ?? DEFAULT_MAX_DELIVER;
  }

  private batchSize(): number {
    return this.options.maxBatch ?? 200;
  }

  /**
   * Moves pulled messages to the worker's queue. When the pull ends without stop() (the server
   * refused a pull, the durable was deleted), the consumer would silently stand still with its
   * events piling up; so it says so and subscribes again until it is stopped.
   */
  private async receive(): Promise<void> {
    const { logger, durable } = this.options;
    while (!this.stopping) {
      const messages = this.messages;
      try {
        if (messages)
          for await (const message of messages) {
            this.queue.push(message);
            this.signal?.();
          }
      } catch (error) {
        if (!this.stopping)
          logger.warn({ consumer: durable, err: String(error) }, "pulling from JetStream failed");
      }
      if (this.stopping) return;
      if (messages) logger.warn({ consumer: durable }, "the pull ended on its own; subscribing again");
      await this.pause.sleep(RESUBSCRIBE_MS);
      if (this.stopping) return;
      this.messages = await this.subscribe().catch((error: unknown) => {
        logger.warn({ consumer: durable, err: String(error) }, "could not subscribe again; will retry");
        return undefined;
      });
      // Stopped while subscribing: stop() closed the pull before this one.
      if (this.stopping) await this.messages?.close();
    }
  }

  private async work(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        if (this.closed) return;
        await new Promise<void>((resolve) => {
          this.signal = resolve;
        });
        this.signal = undefined;
        continue;
      }
      const batch = this.queue.splice(0, this.batchSize());
      try {
        await this.processBatch(batch);
      } catch (error) {
        this.options.logger.error({ consumer: this.options.durable, err: String(error) }, "batch failed");
      }
    }
  }

  private async processBatch(batch: JsMsg[]): Promise<void> {
    const events: { message: JsMsg; event: EventEnvelope; trace: Traced }[] = [];
    for (const message of batch) {
      const parsed = parseEnvelope(message, this.envelopeCheck());
      if (parsed.ok)
        events.push({ message, event: parsed.event, trace: this.startSpan(message, parsed.event) });
      else await this.terminate(message, parsed.reason);
    }
    if (events.length === 0) return;
    if (events.length > 1) {
      try {
        await this.apply(events.map((e) => e.event));
        for (const { message, trace } of events) {
          message.ack();
          endSpan(trace.span);
        }
        return;
      } catch {
        // Fall through: one at a time finds the event that fails and lets the others through.
      }
    }
    for (const { message, event, trace } of events) {
      const failure = await withContext(trace.context, () => this.processOne(message, event));
      endSpan(trace.span, failure);
    }
  }

  /**
   * The consumer's span of one event, child of the publisher's (the trace context the outbox relay
   * put in the message's headers), so one trace follows a change from the request into this service.
   */
  private startSpan(message: JsMsg, event: EventEnvelope): Traced {
    return startSpan(`process ${event.type}`, {
      kind: SpanKind.CONSUMER,
      parent: contextFromHeaders(message.headers),
      attributes: {
        "messaging.system": "nats",
        "messaging.consumer.group.name": this.options.durable,
        "messaging.message.id": event.id,
      },
    });
  }

  /** What the consumer has yet to handle (JetStream's num_pending) and holds unacknowledged. */
  async lag(): Promise<{ pending: number; ackPending: number }> {
    const jsm = await jetstreamManager(this.options.nc);
    const info = await jsm.consumers.info(this.options.stream, this.options.durable);
    return { pending: info.num_pending, ackPending: info.num_ack_pending };
  }

  /** Returns the error when the event was not handled (retried later or dead-lettered). */
  private async processOne(message: JsMsg, event: EventEnvelope): Promise<unknown> {
    try {
      await this.apply([event]);
      message.ack();
      return undefined;
    } catch (error) {
      if (error instanceof PoisonEventError) {
        await this.terminate(message, error.message);
        return error;
      }
      if (message.info.deliveryCount >= this.maxDeliver()) {
        await this.terminate(
          message,
          `gave up after ${message.info.deliveryCount} deliveries: ${errorText(error)}`.slice(0, 2_000),
        );
        return error;
      }
      const delay = Math.min(30_000, 500 * 2 ** Math.min(6, message.info.deliveryCount));
      this.options.logger.warn(
        {
          consumer: this.options.durable,
          eventId: event.id,
          type: event.type,
          err: String(error),
          retryInMs: delay,
        },
        "event processing failed; will retry",
      );
      message.nak(delay);
      return error;
    }
  }

  /** Effects and inbox rows of several events in one transaction, in order; duplicates skipped. */
  private async apply(events: EventEnvelope[]): Promise<void> {
    const { inbox } = this.options.tables;
    await this.options.db.transaction(async (tx) => {
      const fresh = await tx
        .insert(inbox)
        .values(events.map((event) => ({ consumer: this.options.durable, eventId: event.id })))
        .onConflictDoNothing()
        .returning({ eventId: inbox.eventId });
      const unseen = new Set(fresh.map((row) => row.eventId));
      // A batch can hold the same event twice (published twice outside the duplicate window).
      const todo = events.filter((event) => unseen.delete(event.id));
      if (todo.length === 0) return;
      const { handle } = this.options;
      if (typeof handle === "function") for (const event of todo) await handle(tx, event);
      else await handle.batch(tx, todo);
    });
  }

  /**
   * Records the event as a dead letter, once per consumer and stream sequence (a second delivery
   * of the same message, e.g. after a lost +TERM, finds the row), then terminates it with the
   * reason, which JetStream (2.10+) then never delivers again.
   */
  private async terminate(message: JsMsg, reason: string): Promise<void> {
    this.options.logger.error(
      { consumer: this.options.durable, subject: message.subject, seq: message.seq, reason },
      "terminating an event that can never be processed",
    );
    const { deadLetters } = this.options.tables;
    const { durable } = this.options;
    await this.options.db.transaction(async (tx) => {
      // Replicas of a service share the durable: one dead letter per message even if both see it.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${durable}:dead-letters`}))`);
      const [existing] = await tx
        .select({ seq: deadLetters.seq })
        .from(deadLetters)
        .where(and(eq(deadLetters.consumer, durable), eq(deadLetters.streamSequence, message.seq)))
        .limit(1);
      if (existing) return;
      await tx.insert(deadLetters).values({
        consumer: durable,
        subject: message.subject,
        streamSequence: message.seq,
        reason,
        payload: message.string().slice(0, 100_000),
      });
    });
    message.term(reason);
  }
}

/** Dead letters recorded so far, by consumer. */
export async function deadLetterCounts(
  db: Database,
  tables: BusTables,
): Promise<{ consumer: string; count: number }[]> {
  const { deadLetters } = tables;
  return db
    .select({ consumer: deadLetters.consumer, count: count() })
    .from(deadLetters)
    .groupBy(deadLetters.consumer);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads `stream` in order with an ordered consumer: the server keeps no state for it (nothing to
 * clean up; a gap or a reconnect restarts it where it stopped). From `fromSequence`, or from the
 * first message; only `filterSubject` when given; `maxMessages` pulled at a time. For readers that
 * keep their place themselves or need none: a catch-up, a replay, a follower that holds its state
 * in memory. The caller closes the messages.
 */
export async function readInOrder(
  nc: NatsConnection,
  stream: string,
  options: { fromSequence?: number; filterSubject?: string; maxMessages: number },
): Promise<ConsumerMessages> {
  const { fromSequence, filterSubject } = options;
  const consumer = await jetstream(nc).consumers.get(stream, {
    ...(fromSequence === undefined
      ? { deliver_policy: DeliverPolicy.All }
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSequence }),
    ...(filterSubject === undefined ? {} : { filter_subjects: filterSubject }),
  });
  return consumer.consume({ max_messages: options.maxMessages });
}

/**
 * Parses the envelope and checks it against the subject it came on and the bus's publishing
 * rules. The NATS server lets only the producing service publish on its event types' subjects
 * (the generated authorization, @krisstod/contracts busAccess), but cannot tell a receiver who
 * published; so an envelope that claims another producer than the one the type belongs to, or
 * another organisation, county or type than its subject, was forged or mis-built and is refused.
 * Every reader of the event stream refuses what this refuses; a stream of other subjects (the
 * mutual-aid exchange) passes its own `check`.
 */
export function parseEnvelope(
  message: JsMsg,
  check: (subject: string, event: EventEnvelope) => string | undefined = envelopeMismatch,
): { ok: true; event: EventEnvelope } | { ok: false; reason: string } {
  const parsed = parseJson(message);
  if (!parsed.ok) return parsed;
  const refusal = check(message.subject, parsed.event);
  return refusal ? { ok: false, reason: `refused: ${refusal}` } : parsed;
}

/** Why the envelope does not belong on this subject, or undefined when it does. */
export function envelopeMismatch(subject: string, event: EventEnvelope): string | undefined {
  // {ns}.events.{county}.{organisation}.{type}
  const [, events, county, organisation, ...type] = subject.split(".");
  if (events !== "events") return `subject ${subject} is not an event subject`;
  if (type.join(".") !== event.type)
    return `type ${event.type} does not match the subject's ${type.join(".")}`;
  if (county !== event.countyCode) {
    return `countyCode ${event.countyCode} does not match the subject's county ${county}`;
  }
  if (organisation !== event.organisationId) {
    return `organisationId ${event.organisationId} does not match the subject's organisation ${organisation}`;
  }
  const producer = producerOfEventType(event.type);
  if (!producer) return `no service publishes events of type ${event.type}`;
  if (producer !== event.producer) {
    return `producer ${event.producer} does not match ${producer}, which alone publishes ${event.type}`;
  }
  const homeCounty = countyOfOrganisation(event.organisationId);
  if (homeCounty && homeCounty !== event.countyCode) {
    return `organisation ${event.organisationId} is in county ${homeCounty}, not ${event.countyCode}`;
  }
  return undefined;
}

function parseJson(message: JsMsg): { ok: true; event: EventEnvelope } | { ok: false; reason: string } {
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
