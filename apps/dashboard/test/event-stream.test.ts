import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { waitFor } from "@krisstod/testing";
import type { EventSourceMessage } from "eventsource-parser";
import { afterEach, describe, expect, it } from "vitest";
import { openLiveStream, type StreamState } from "../src/picture/eventStream.ts";

// The fetch-based stream reader against a real HTTP server that plays the reporting service:
// what the dashboard does when the stream drops, or stays open but goes quiet.

interface Connection {
  headers: IncomingMessage["headers"];
  res: ServerResponse;
}

let server: Server | undefined;
let close: (() => void) | undefined;
afterEach(async () => {
  close?.();
  server?.closeAllConnections();
  server?.close();
  if (server) await once(server, "close");
});

async function startStreamServer(): Promise<{ url: string; connections: Connection[] }> {
  const connections: Connection[] = [];
  server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
    res.flushHeaders();
    connections.push({ headers: req.headers, res });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/stream`, connections };
}

function follow(url: string, silenceMs = 40_000) {
  const events: EventSourceMessage[] = [];
  const states: StreamState[] = [];
  close = openLiveStream({
    url,
    fetch: (target, init) =>
      fetch(target, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), Authorization: "Bearer t" },
      }),
    lastEventId: () => Number(events.at(-1)?.id ?? 0),
    onEvent: (event) => events.push(event),
    onState: (state) => states.push(state),
    silenceMs,
    firstRetryMs: 20,
    maxRetryMs: 40,
  });
  return { events, states };
}

describe("the live stream reader", () => {
  it("sends the token, and after a dropped connection resumes after the last event it got", async () => {
    const { url, connections } = await startStreamServer();
    const { events, states } = follow(url);

    const first = await waitFor(() => connections[0]);
    expect(first.headers.authorization).toBe("Bearer t");
    expect(first.headers["last-event-id"]).toBeUndefined();
    first.res.write('id: 7\nevent: change\ndata: {"kind":"x"}\n\n');
    await waitFor(() => events.length === 1);
    first.res.destroy();

    const second = await waitFor(() => connections[1]);
    expect(second.headers["last-event-id"]).toBe("7");
    expect(states).toContain("lost");
    expect(states.at(-1)).toBe("live");
    expect(events).toEqual([{ id: "7", event: "change", data: '{"kind":"x"}' }]);
  });

  it("keeps a connection that only sends heartbeats, and drops one that goes silent", async () => {
    const { url, connections } = await startStreamServer();
    // A silence limit ten heartbeats long: on a loaded machine a 100 ms interval can fire late by a
    // few hundred milliseconds, which must not count as silence.
    const { states } = follow(url, 1_000);
    const first = await waitFor(() => connections[0]);

    // Heartbeats more often than the silence limit (as the service's every 15 s against 40 s)
    // keep it: after well over the limit in pings, still the one connection.
    let pings = 0;
    const heartbeat = setInterval(() => {
      first.res.write(": ping\n\n");
      pings++;
    }, 100);
    await waitFor(() => pings >= 15);
    clearInterval(heartbeat);
    expect(connections).toHaveLength(1);
    expect(states).toEqual(["connecting", "live"]);

    // Then nothing, though the socket stays open: the reader gives up on it and reconnects.
    await waitFor(() => connections[1], { timeoutMs: 5_000 });
    expect(states).toContain("lost");
  });
});
