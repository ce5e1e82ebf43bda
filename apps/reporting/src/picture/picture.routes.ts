import type { AuthEnv } from "@krisstod/auth";
import { CountyCode, FullRegionalPicture } from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { Logger } from "@krisstod/logging";
import type { SseMetrics } from "@krisstod/metrics";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { actorOf, assertCounty, route } from "../access.ts";
import { FeedBatch, type FeedEntry, type FeedHub } from "./feed-hub.ts";
import { type SseChannel, sseResponse } from "./sse-channel.ts";

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

export function pictureRoutes(hub: FeedHub, clients: SseMetrics, logger: Logger) {
  return new Hono<AuthEnv>()
    .get(
      "/picture",
      route("picture.read", {
        summary: "The regional picture: incidents, activations, centres, mutual aid, readiness (counts only)",
        response: FullRegionalPicture,
      }),
      validate("query", PictureQuery),
      async (c) => {
        return c.json(await hub.picture(ownCounty(c, c.req.valid("query").county)));
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
        const after = Number.isFinite(header) ? header : (lastEventId ?? 0);
        return sseResponse(c, (channel) => {
          channel.onEnd(clients.opened());
          follow(channel, hub, county, after).catch((error: unknown) => {
            logger.warn({ err: String(error) }, "picture stream failed");
            channel.close();
          });
        });
      },
    );
}

/**
 * Sends a client the feed after `after` (the last id it saw), then every change as it comes, each
 * exactly once and in feed order, with a comment now and then so proxies keep the connection.
 */
async function follow(channel: SseChannel, hub: FeedHub, county: string, after: number): Promise<void> {
  // Sent at once so the response headers reach the browser now, not with the first change or
  // heartbeat; `retry` tells EventSource-style clients how soon to reconnect.
  channel.write(": connected\nretry: 1000\n\n");
  let sent = after;
  const send = (batch: FeedBatch) => {
    const frames = batch.framesAfter(sent, county);
    if (frames) channel.write(frames);
    sent = Math.max(sent, batch.lastSeq);
  };
  // Live changes that arrive while the client is caught up wait until it is: sent at once, they
  // would move `sent` past the catch-up pages still to come, which would then be skipped as
  // already sent (a resuming dashboard lost up to a page of changes).
  let caughtUp = false;
  const waiting: FeedBatch[] = [];
  channel.onEnd(
    hub.subscribe((batch) => {
      if (caughtUp) send(batch);
      else waiting.push(batch);
    }),
  );
  const heartbeat = setInterval(() => channel.write(": ping\n\n"), HEARTBEAT_MS);
  channel.onEnd(() => clearInterval(heartbeat));
  let page: FeedEntry[];
  do {
    page = await hub.since(sent, county, FEED_PAGE);
    if (channel.ended) return;
    send(new FeedBatch(page));
  } while (page.length === FEED_PAGE);
  caughtUp = true;
  for (const batch of waiting.splice(0)) send(batch);
}
