import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  type PgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * The bus tables a service keeps in its own schema: the outbox it publishes from, the inbox of
 * event ids its consumers have processed, and the dead letters they could never process.
 * Spread into the service's drizzle schema so drizzle-kit generates their migrations.
 */
export function busTables(schema: PgSchema<string>) {
  const outbox = schema.table(
    "outbox",
    {
      seq: bigserial("seq", { mode: "number" }).primaryKey(),
      eventId: uuid("event_id").notNull().unique(),
      subject: text("subject").notNull(),
      payload: jsonb("payload").notNull(),
      createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
      publishedAt: timestamp("published_at", { withTimezone: true }),
      attempts: integer("attempts").notNull().default(0),
      /** The W3C trace context of the change (traceparent…), carried to the NATS message's headers. */
      traceContext: jsonb("trace_context").$type<Record<string, string>>(),
    },
    (t) => [index("outbox_unpublished_idx").on(t.seq).where(sql`${t.publishedAt} is null`)],
  );
  const inbox = schema.table(
    "inbox",
    {
      consumer: text("consumer").notNull(),
      eventId: uuid("event_id").notNull(),
      processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
  );
  const deadLetters = schema.table("dead_letters", {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    consumer: text("consumer").notNull(),
    subject: text("subject").notNull(),
    streamSequence: bigint("stream_sequence", { mode: "number" }),
    reason: text("reason").notNull(),
    payload: text("payload").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  });
  return { outbox, inbox, deadLetters };
}
export type BusTables = ReturnType<typeof busTables>;
