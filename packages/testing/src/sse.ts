import { createParser, type EventSourceMessage } from "eventsource-parser";

export interface SseConnection {
  /** Settles when the connection ends: closed here, by the server, or broken (server killed). */
  readonly ended: Promise<void>;
  close(): void;
}

export interface EventStream extends SseConnection {
  readonly messages: EventSourceMessage[];
}

/**
 * Opens a server-sent-events stream like a browser would and calls `onEvent` the moment each
 * message is parsed (a benchmark timestamps receipt there, so nothing is buffered in between).
 */
export async function openSse(
  url: string,
  headers: Record<string, string>,
  onEvent: (message: EventSourceMessage) => void,
): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { Accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`stream ${url} answered ${response.status}`);
  const parser = createParser({ onEvent });
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // aborted by close()
    }
  })();
  return { ended, close: () => controller.abort() };
}

/** Opens a server-sent-events stream like a browser would, collecting every message. */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const messages: EventSourceMessage[] = [];
  const { ended, close } = await openSse(url, headers, (message) => messages.push(message));
  return { messages, ended, close };
}
