import { createParser, type EventSourceMessage } from "eventsource-parser";

export interface SseClient {
  close(): void;
}

/**
 * A dashboard's server-sent-events connection, calling `onEvent` the moment each event is parsed
 * (the benchmark timestamps receipt there, so nothing is buffered in between).
 */
export async function openSse(
  url: string,
  headers: Record<string, string>,
  onEvent: (message: EventSourceMessage) => void,
): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { Accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`stream ${url} answered ${response.status}`);
  const parser = createParser({ onEvent });
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // aborted by close() at the end of the run
    }
  })();
  return { close: () => controller.abort() };
}
