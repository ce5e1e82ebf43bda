import { createParser, type EventSourceMessage } from "eventsource-parser";

export type StreamState = "connecting" | "live" | "lost";

export interface LiveStreamOptions {
  /** Where the stream is, e.g. /api/reporting/stream?county=13. */
  url: string;
  /** Sends the request (with the bearer token); the dashboard passes `authorizedFetch`. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** The position to resume after, asked at every (re)connect: what the caller has applied. */
  lastEventId: () => number;
  onEvent: (message: EventSourceMessage) => void;
  onState: (state: StreamState) => void;
  /**
   * The server writes `: ping` every 15 s; this long without a byte means the connection is dead
   * even if TCP has not noticed (a sleeping laptop, a proxy that holds the socket open).
   */
  silenceMs?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
}

/** Answers that will not get better by asking again: the session is over or the county is not ours. */
const FINAL = new Set([401, 403]);

/**
 * A server-sent-events reader over `fetch`, because EventSource cannot send an Authorization
 * header. Like EventSource it reconnects on its own and resumes with `Last-Event-ID`; unlike it,
 * it also gives up on a connection that has gone silent, backs off with jitter, and retries at
 * once when the browser comes back online. Returns a function that closes it for good.
 */
export function openLiveStream(options: LiveStreamOptions): () => void {
  const silenceMs = options.silenceMs ?? 40_000;
  const firstRetryMs = options.firstRetryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  let retryMs = firstRetryMs;
  let closed = false;
  let connection: AbortController | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;

  const parser = createParser({ onEvent: options.onEvent });

  const watchSilence = (controller: AbortController) => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => controller.abort(new Error("stream silent")), silenceMs);
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer !== undefined) return;
    // Jitter spreads a county's worth of dashboards reconnecting after the same outage.
    const delay = retryMs / 2 + Math.random() * (retryMs / 2);
    retryMs = Math.min(retryMs * 2, maxRetryMs);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
  };

  const connect = async () => {
    if (closed) return;
    const controller = new AbortController();
    connection = controller;
    parser.reset();
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    const position = options.lastEventId();
    if (position > 0) headers["Last-Event-ID"] = String(position);
    watchSilence(controller);
    try {
      const response = await options.fetch(options.url, {
        headers,
        signal: controller.signal,
        cache: "no-store",
      });
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        options.onState("lost");
        if (!FINAL.has(response.status)) scheduleReconnect();
        return;
      }
      retryMs = firstRetryMs;
      options.onState("live");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // Any byte, a `: ping` heartbeat included, shows the connection is alive.
        watchSilence(controller);
        parser.feed(value);
      }
    } catch {
      // Network error, abort after silence, or close(): handled below.
    } finally {
      clearTimeout(silenceTimer);
    }
    if (closed) return;
    options.onState("lost");
    scheduleReconnect();
  };

  // Back on the network: try at once rather than wait out the backoff.
  const onOnline = () => {
    if (closed || retryTimer === undefined) return;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    retryMs = firstRetryMs;
    void connect();
  };
  globalThis.addEventListener?.("online", onOnline);

  options.onState("connecting");
  void connect();

  return () => {
    closed = true;
    globalThis.removeEventListener?.("online", onOnline);
    clearTimeout(retryTimer);
    clearTimeout(silenceTimer);
    connection?.abort();
  };
}
