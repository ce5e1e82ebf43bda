import type { Context } from "hono";

/** One server-sent-events connection: bytes in order, and what to do when it ends. */
export interface SseChannel {
  /** Queues text or bytes for the client; ignored once the connection has ended. */
  write(chunk: string | Uint8Array): void;
  /** Whether the client has gone (or the stream was closed). */
  readonly ended: boolean;
  /** Runs `listener` once when the client goes away or the stream is closed. */
  onEnd(listener: () => void): void;
  /** Ends the response after what was written (an EventSource client then reconnects). */
  close(): void;
}

const encoder = new TextEncoder();

/**
 * A `text/event-stream` response whose writes go straight into the body's queue: no promise, no
 * transform and no encoding per write, so one change batch encoded once can be handed to every
 * connection as the same bytes. (Hono's `streamSSE` writes through a TransformStream and a second
 * ReadableStream, awaiting each write: with 200 dashboards that machinery was most of the
 * service's CPU on a busy day; see bench/PROFILES.md.) The response goes through the middleware
 * like any other, so its headers are the app's.
 */
export function sseResponse(c: Context, start: (channel: SseChannel) => void): Response {
  const listeners: (() => void)[] = [];
  let ended = false;
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    for (const listener of listeners.splice(0)) listener();
  };
  const channel: SseChannel = {
    write(chunk) {
      if (ended || !controller) return;
      controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
    },
    get ended() {
      return ended;
    },
    onEnd(listener) {
      if (ended) listener();
      else listeners.push(listener);
    },
    close() {
      if (!ended) controller?.close();
      end();
    },
  };
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    // The server cancels the body when the client's connection closes.
    cancel: end,
  });
  c.header("Content-Type", "text/event-stream");
  c.header("Transfer-Encoding", "chunked");
  c.header("Connection", "keep-alive");
  c.header("Cache-Control", "no-cache, no-transform");
  c.header("X-Accel-Buffering", "no");
  start(channel);
  return c.body(body);
}
