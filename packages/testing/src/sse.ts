import { createParser, type EventSourceMessage } from "eventsource-parser";

export interface EventStream {
  readonly messages: EventSourceMessage[];
  /** Settles when the connection ends: closed here, by the server, or broken (server killed). */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens a server-sent-events stream like a browser would, collecting every message. */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { Accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`stream ${url} answered ${response.status}`);
  const messages: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => messages.push(message) });
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
  return { messages, ended, close: () => controller.abort() };
}
