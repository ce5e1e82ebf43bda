import type { AuthEnv } from "@krisstod/auth";
import { CountyCode, FullRegionalPicture, pictureStreamEvent } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { validate } from "@krisstod/http";
import type { SseMetrics } from "@krisstod/metrics";
import { type Context, Hono } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import { z } from "zod";
import { actorOf, assertCounty, route } from "../access.ts";
import type { FeedEntry, FeedHub } from "./feed-hub.ts";
import { readPicture } from "./picture.store.ts";

const PictureQuery = z.object({ county: CountyCode.optional() });
const StreamQuery = z.object({
  county: CountyCode.optional(),
  lastEventId: z.coerce.number().int().nonnegative().optional(),
});
const HEARTBEAT_MS = 15_000;
const FEED_PAGE = 1_000;

/** The picture is per county: the principal's own (named or not); another county is refused. */
function ownCounty(c: Context<AuthEnv>, asked: string | undefined): string {
  const actor = actorOf(c);
  if (asked) assertCounty(actor, asked);
  return asked ?? actor.countyCode;
}

export function pictureRoutes(db: Database, hub: FeedHub, clients: SseMetrics) {
  return new Hono<AuthEnv>()
    .get(
      "/picture",
      route("picture.read", {
        summary: "The regional picture: incidents, activations, centres, mutual aid, readiness (counts only)",
        response: FullRegionalPicture,
      }),
      validate("query", PictureQuery),
      async (c) => {
        return c.json(await readPicture(db, ownCounty(c, c.req.valid("query").county)));
      },
    )
    .get(
      "/stream",
      route("picture.read", {
        summary: "The regional picture live: server-sent events, resumable with Last-Event-ID",
        response: { media: "text/event-stream" },
      }),
      validate("query", StreamQuery),
      (c) => {
        const { lastEventId } = c.req.valid("query");
        const county = ownCounty(c, c.req.valid("query").county);
        const header = Number.parseInt(c.req.header("Last-Event-ID") ?? "", 10);
        let sent = Number.isFinite(header) ? header : (lastEventId ?? 0);
        c.header("Cache-Control", "no-cache, no-transform");
        c.header("X-Accel-Buffering", "no");
        return streamSSE(c, async (stream) => {
          const closed = clients.opened();
          stream.onAbort(closed);
          try {
            await follow(stream);
          } finally {
            closed();
          }
        });

        async function follow(stream: SSEStreamingApi): Promise<void> {
          // Sent at once so the response headers reach the browser now, not with the first change
          // or heartbeat; `retry` tells EventSource-style clients how soon to reconnect.
          await stream.write(": connected\nretry: 1000\n\n");
          // Writes are chained so catch-up and live entries go out in order, each exactly once.
          let queue = Promise.resolve();
          const send = (entries: FeedEntry[]) => {
            queue = queue.then(async () => {
              for (const entry of entries) {
                if (entry.seq <= sent || (county && entry.countyCode !== county)) continue;
                await stream.writeSSE({
                  id: String(entry.seq),
                  // Incident changes keep their `change` name; newer sections use their own.
                  event: pictureStreamEvent(entry.change),
                  data: JSON.stringify(entry.change),
                });
                sent = entry.seq;
              }
            });
          };
          // Live changes that arrive while the client is caught up wait until it is: sent at once,
          // they would move `sent` past the catch-up pages still to come, which would then be
          // skipped as already sent (a resuming dashboard lost up to a page of changes).
          let caughtUp = false;
          const waiting: FeedEntry[][] = [];
          const unsubscribe = hub.subscribe((entries) => {
            if (caughtUp) send(entries);
            else waiting.push(entries);
          });
          stream.onAbort(unsubscribe);
          let cursor = sent;
          let page: FeedEntry[];
          do {
            page = await hub.since(cursor, county);
            send(page);
            cursor = page.at(-1)?.seq ?? cursor;
          } while (page.length === FEED_PAGE);
          caughtUp = true;
          for (const entries of waiting.splice(0)) send(entries);
          await queue;
          while (!stream.aborted && !stream.closed) {
            await stream.sleep(HEARTBEAT_MS);
            if (!stream.aborted) await stream.write(": ping\n\n");
          }
          unsubscribe();
        }
      },
    );
}
