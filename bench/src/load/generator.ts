import { createParser } from "eventsource-parser";
import { Agent, request as undiciRequest } from "undici";
import type {
  Envelope,
  HttpJob,
  HttpResult,
  Job,
  RequestSpec,
  SseCollectResult,
  SseOpenJob,
  SseOpenResult,
} from "./protocol.ts";
import { wallNow } from "./protocol.ts";

/**
 * A load-generator process (forked by load/pool.ts). It takes jobs over IPC, sends the requests
 * with its own connections, and sends the latencies back. Nothing of the services runs here.
 */

/**
 * The requests' connections: kept alive with no cap per origin (`concurrency` requests in flight
 * use as many connections, reused from one to the next), and closed by this side after 2 s idle,
 * before the services' 5 s (Node's keep-alive timeout) — otherwise a connection the server closes
 * just as it is reused fails a request with ECONNRESET on a busy machine, which no service caused.
 * undici's request(): the same HTTP client as Node's fetch, with less work per request.
 */
const agent = new Agent({
  keepAliveTimeout: 2_000,
  keepAliveMaxTimeout: 2_000,
  headersTimeout: 300_000,
  bodyTimeout: 300_000,
});

async function runHttp(job: HttpJob): Promise<HttpResult> {
  const samples: Record<string, number[]> = {};
  const failures: Record<string, number> = {};
  const examples: string[] = [];
  let retriedGets = 0;
  if (job.startAt !== undefined) await sleepUntil(job.startAt);
  const startedAt = wallNow();
  let next = 0;
  const request = (spec: RequestSpec) => {
    const headers = spec.headers ? job.headerSets[spec.headers] : undefined;
    const json = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const typed = Object.keys(headers ?? {}).some((name) => name.toLowerCase() === "content-type");
    return undiciRequest(spec.url, {
      method: spec.method,
      dispatcher: agent,
      headers: json && !typed ? { ...headers, "Content-Type": "application/json" } : headers,
      body: json,
    });
  };
  const send = async (spec: RequestSpec, dueAt: number) => {
    try {
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(spec);
      } catch (error) {
        // A connection lost before the answer (still possible on a stalled machine): a browser
        // sends a GET again on a new one, and so does this; the time of both counts. Anything
        // else, and any POST, is a failure.
        if (spec.method !== "GET") throw error;
        retriedGets++;
        response = await request(spec);
      }
      const text = await response.body.text();
      append(samples, spec.label, wallNow() - dueAt);
      if (response.statusCode !== spec.expect) {
        failures[spec.label] = (failures[spec.label] ?? 0) + 1;
        if (examples.length < 5) examples.push(`${spec.label}: ${response.statusCode} ${text.slice(0, 200)}`);
      }
    } catch (error) {
      failures[spec.label] = (failures[spec.label] ?? 0) + 1;
      const code = (error as { code?: string; cause?: { code?: string } }).code;
      if (examples.length < 5) examples.push(`${spec.label}: ${String(error)}${code ? ` (${code})` : ""}`);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(job.concurrency, job.requests.length) }, async () => {
      while (next < job.requests.length) {
        const i = next++;
        const spec = job.requests[i] as RequestSpec;
        let dueAt = wallNow();
        if (spec.atMs !== undefined) {
          dueAt = startedAt + spec.atMs;
          await sleepUntil(dueAt);
        }
        await send(spec, dueAt);
      }
    }),
  );
  if (retriedGets > 0) examples.push(`(${retriedGets} GET(s) sent again after a connection error)`);
  return { samples, failures, examples, startedAt, endedAt: wallNow() };
}

const dashboards: { controller: AbortController }[] = [];
const received: Record<string, number[]> = {};
let eventCount = 0;

async function openDashboards(job: SseOpenJob): Promise<SseOpenResult> {
  let opened = 0;
  await Promise.all(
    Array.from({ length: job.count }, async () => {
      const controller = new AbortController();
      dashboards.push({ controller });
      const response = await fetch(job.url, {
        headers: { ...job.headers, Accept: "text/event-stream" },
        signal: controller.signal,
      });
      if (response.status !== 200 || !response.body) throw new Error(`stream answered ${response.status}`);
      opened++;
      const parser = createParser({
        onEvent: (message) => {
          const at = wallNow();
          eventCount++;
          // Keyed by the frame's id: the data is not read (these processes share the cores with
          // the services they measure; a dashboard's parsing belongs to the browser's machine).
          if (job.keyBy === "id") {
            if (message.id) append(received, message.id, at);
            return;
          }
          if (message.event !== job.event) return;
          let value: unknown = JSON.parse(message.data);
          for (const key of job.keyPath) value = (value as Record<string, unknown> | undefined)?.[key];
          if (typeof value === "string" || typeof value === "number") append(received, String(value), at);
        },
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      void (async () => {
        try {
          for (;;) {
            const chunk = await reader.read();
            if (chunk.done) return;
            parser.feed(decoder.decode(chunk.value, { stream: true }));
          }
        } catch {
          // aborted at the end of the run
        }
      })();
    }),
  );
  return { opened };
}

function collectDashboards(close: boolean): SseCollectResult {
  const result = { received: { ...received }, events: eventCount };
  if (!close) return result;
  for (const d of dashboards.splice(0)) d.controller.abort();
  for (const key of Object.keys(received)) delete received[key];
  eventCount = 0;
  return result;
}

async function sleepUntil(at: number) {
  const wait = at - wallNow();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

process.on("message", (message: Envelope<Job>) => {
  const job = message.job;
  if (!job) return;
  const work =
    job.kind === "http"
      ? runHttp(job)
      : job.kind === "sse-open"
        ? openDashboards(job)
        : Promise.resolve(collectDashboards(job.close));
  work.then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));

/** Adds values to the list under `key`, creating it. */
function append(lists: Record<string, number[]>, key: string, ...values: number[]) {
  const list = lists[key] ?? [];
  list.push(...values);
  lists[key] = list;
}
