import { type FullRegionalPicture, pictureStreamEvent } from "@krisstod/contracts";
import type { DatabaseHandle } from "@krisstod/db";
import type { Logger } from "@krisstod/logging";
import { and, asc, eq, gt } from "drizzle-orm";
import { feed } from "../db/schema.ts";
import { readPictureRows } from "./picture.store.ts";
import { PictureState } from "./picture-state.ts";
import { asShownNow, FEED_CHANNEL, type FeedChange } from "./projection.ts";

export interface FeedEntry {
  seq: number;
  countyCode: string;
  change: FeedChange;
}
type Subscriber = (batch: FeedBatch) => void;

const encoder = new TextEncoder();

/**
 * Feed entries read together, with their server-sent-events frames. A frame is the same for every
 * connection, so each entry is serialised once and the frames of one county (or all) are encoded
 * once per batch: every connection of that county is handed the same bytes, one write each.
 */
export class FeedBatch {
  private frameTexts: string[] | undefined;
  private readonly encoded = new Map<string, Uint8Array | undefined>();

  constructor(readonly entries: readonly FeedEntry[]) {}

  get lastSeq(): number {
    return this.entries.at(-1)?.seq ?? 0;
  }

  /**
   * The frames of the entries after `afterSeq` for `countyCode` (every county's when undefined),
   * in feed order; undefined when there are none. Each frame's `id` is the entry's feed position,
   * which is what the client sends back as Last-Event-ID.
   */
  framesAfter(afterSeq: number, countyCode: string | undefined): Uint8Array | undefined {
    const first = this.entries[0];
    if (!first || this.lastSeq <= afterSeq) return undefined;
    const whole = first.seq > afterSeq;
    const key = countyCode ?? "";
    if (whole && this.encoded.has(key)) return this.encoded.get(key);
    const texts = this.texts();
    let text = "";
    this.entries.forEach((entry, i) => {
      if (entry.seq > afterSeq && (!countyCode || entry.countyCode === countyCode)) text += texts[i];
    });
    const bytes = text.length > 0 ? encoder.encode(text) : undefined;
    // Only the common case is kept: a connection whose cursor is before the whole batch.
    if (whole) this.encoded.set(key, bytes);
    return bytes;
  }

  private texts(): string[] {
    this.frameTexts ??= this.entries.map(
      // JSON.stringify leaves no line break in its output, so the data is one `data:` line.
      (entry) =>
        `event: ${pictureStreamEvent(entry.change)}\ndata: ${JSON.stringify(entry.change)}\nid: ${entry.seq}\n\n`,
    );
    return this.frameTexts;
  }
}

/**
 * Fans the feed out to every open SSE connection of this replica and keeps the replica's picture
 * in memory (PictureState). One LISTEN and one query per change for all clients, instead of one
 * per client; any replica sees every change because the notification comes from PostgreSQL, not
 * from the replica that projected it.
 */
export class FeedHub {
  private lastSeq = 0;
  private readonly state = new PictureState();
  private reloadState = false;
  private readonly subscribers = new Set<Subscriber>();
  private fetching: Promise<void> | undefined;
  private again = false;
  private unlisten: (() => Promise<void>) | undefined;
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.state.load(await readPictureRows(this.database.db, undefined));
    this.lastSeq = this.state.lastEventId;
    const listener = await this.database.sql.listen(FEED_CHANNEL, () => this.pull());
    this.unlisten = () => listener.unlisten();
    // A safety net should a notification be lost while the listen connection reconnects.
    this.poll = setInterval(() => this.pull(), 2_000);
  }

  async stop(): Promise<void> {
    clearInterval(this.poll);
    await this.unlisten?.().catch(() => {});
    this.subscribers.clear();
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /**
   * The picture of one county (or all) from memory, at least as new as the feed was when asked:
   * a change committed before the request is in it, as when it was read from the tables.
   */
  async picture(countyCode: string | undefined): Promise<FullRegionalPicture> {
    const [row] = await this.database.sql<
      { seq: string | null }[]
    >`select max(seq) as seq from reporting.feed`;
    const committed = Number(row?.seq ?? 0);
    // A pass that fails (logged) leaves the state where it was: still consistent, if older.
    for (let pass = 0; pass < 3 && this.state.lastEventId < committed; pass++) {
      this.pull();
      await this.fetching;
    }
    return this.state.picture(countyCode);
  }

  /** Entries after `afterSeq` for one county (or all), for catching a client up. */
  async since(afterSeq: number, countyCode: string | undefined, limit = 1_000): Promise<FeedEntry[]> {
    const rows = await this.database.db
      .select()
      .from(feed)
      .where(and(gt(feed.seq, afterSeq), countyCode ? eq(feed.countyCode, countyCode) : undefined))
      .orderBy(asc(feed.seq))
      .limit(limit);
    return rows.map((row) => ({
      seq: row.seq,
      countyCode: row.countyCode,
      change: asShownNow(row.change as FeedChange),
    }));
  }

  /**
   * Moves the in-memory picture on by entries just read. After a rebuild (or a failed attempt to
   * load one) it is loaded whole again: the snapshot then holds these entries and maybe more.
   */
  private async advanceState(entries: readonly FeedEntry[]): Promise<void> {
    if (!this.reloadState && this.state.apply(entries)) return;
    this.reloadState = true;
    this.state.load(await readPictureRows(this.database.db, undefined));
    this.reloadState = false;
  }

  private pull(): void {
    if (this.fetching) {
      this.again = true;
      return;
    }
    this.fetching = (async () => {
      do {
        this.again = false;
        const entries = await this.since(this.lastSeq, undefined);
        const last = entries.at(-1);
        if (!last) continue;
        this.lastSeq = last.seq;
        const batch = new FeedBatch(entries);
        for (const subscriber of this.subscribers) subscriber(batch);
        await this.advanceState(entries);
        if (entries.length === 1_000) this.again = true;
      } while (this.again);
    })()
      .catch((error: unknown) => this.logger.warn({ err: String(error) }, "feed pull failed"))
      .finally(() => {
        this.fetching = undefined;
      });
  }
}
