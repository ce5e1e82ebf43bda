import type { NatsConnection } from "@krisstod/bus";
import { parseEnvelope, readInOrder } from "@krisstod/bus";
import type { EventEnvelope } from "@krisstod/contracts";
import type { DatabaseHandle, Transaction } from "@krisstod/db";
import type { Logger } from "@krisstod/logging";
import { jetstreamManager } from "@nats-io/jetstream";
import { sql } from "drizzle-orm";
import { inbox, pictureIncidents, pictureItems } from "../db/schema.ts";
import { appendToFeed, applyEvents, type FeedRows, PICTURE_CONSUMER } from "./projection.ts";

export interface RebuildOptions {
  database: DatabaseHandle;
  nc: NatsConnection;
  /** The namespace's event stream (subjects.eventStream). */
  stream: string;
  logger: Logger;
  pageSize?: number;
}

export interface RebuildResult {
  /** Events replayed (every event in the stream up to its last sequence when the rebuild began). */
  events: number;
  lastSequence: number;
}

const DEADLOCK = "40P01";

/**
 * Drops the regional picture and replays the JetStream history into it with a fresh ordered
 * consumer from the start of the stream, in one transaction: readers keep seeing the old picture
 * until the new one commits. The live consumer keeps running; events after the rebuild's end
 * sequence are its to project.
 *
 * Lock order matches the live consumer's (inbox rows in stream order, then picture rows): a first
 * pass marks every replayed event as processed for the live consumer, so one it has not reached
 * yet is not applied a second time on top of the rebuilt picture; the second pass deletes and
 * replays. Every connected dashboard then gets a `picture.rebuilt` change (SSE `event: reset`)
 * telling it to fetch /picture again.
 *
 * Not batch-wise (yet): see the README's note on replaying into shadow tables and swapping.
 */
export async function rebuildPicture(options: RebuildOptions): Promise<RebuildResult> {
  const jsm = await jetstreamManager(options.nc);
  const info = await jsm.streams.info(options.stream);
  const lastSequence = info.state.last_seq;
  // The stream's one subject (subjects.allEvents), which is the live consumer's filter too: reading
  // under it is what reporting's NATS permissions allow.
  const filter = info.config.subjects?.[0] ?? ">";
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.database.db.transaction(async (tx) => {
        // One rebuild at a time.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('reporting-picture-rebuild'))`);
        await replay(options, filter, lastSequence, async (events) => {
          if (events.length === 0) return;
          await tx
            .insert(inbox)
            .values(events.map((e) => ({ consumer: PICTURE_CONSUMER, eventId: e.id })))
            .onConflictDoNothing();
        });
        const countiesBefore = await counties(tx);
        await tx.delete(pictureIncidents);
        await tx.delete(pictureItems);
        let count = 0;
        await replay(options, filter, lastSequence, async (events) => {
          count += events.length;
          await applyEvents(tx, events);
        });
        const resets: FeedRows = [...new Set([...countiesBefore, ...(await counties(tx))])]
          .sort()
          .map((countyCode) => ({ countyCode, change: { kind: "picture.rebuilt", countyCode } }));
        await appendToFeed(tx, resets);
        options.logger.info({ events: count, lastSequence }, "regional picture rebuilt");
        return { events: count, lastSequence };
      });
    } catch (error) {
      // The live consumer and the rebuild may still collide; the rebuild is safe to run again.
      if (attempt < 3 && (error as { code?: string }).code === DEADLOCK) continue;
      throw error;
    }
  }
}

async function counties(tx: Transaction): Promise<string[]> {
  const rows = await tx.execute<{ county_code: string }>(
    sql`select county_code from ${pictureIncidents} union select county_code from ${pictureItems}`,
  );
  return [...rows].map((r) => r.county_code);
}

/** Reads the stream from its first message to `lastSequence` in pages, parsing each envelope. */
async function replay(
  options: RebuildOptions,
  filter: string,
  lastSequence: number,
  onPage: (events: EventEnvelope[]) => Promise<void>,
): Promise<void> {
  if (lastSequence === 0) return;
  const pageSize = options.pageSize ?? 500;
  let page: EventEnvelope[] = [];
  let seen = 0;
  const messages = await readInOrder(options.nc, options.stream, {
    filterSubject: filter,
    maxMessages: pageSize,
  });
  try {
    for await (const message of messages) {
      seen = message.seq;
      const parsed = parseEnvelope(message);
      // An event the live consumer dead-lettered is skipped here too.
      if (parsed.ok) page.push(parsed.event);
      if (page.length >= pageSize || seen >= lastSequence) {
        await onPage(page);
        page = [];
      }
      if (seen >= lastSequence) break;
    }
  } finally {
    await messages.close();
  }
  if (page.length > 0) await onPage(page);
}
