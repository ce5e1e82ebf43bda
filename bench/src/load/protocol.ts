/** Messages between the benchmark runner and its load-generator processes (node IPC). */

/** One HTTP request to send; `headers` names an entry of the job's `headerSets` (tokens are long). */
export interface RequestSpec {
  /** What the latency is reported under, e.g. "POST /centres/:id/visitors". */
  label: string;
  method: "GET" | "POST";
  url: string;
  headers?: string;
  body?: unknown;
  /** The status a correct answer has; anything else counts as a failure. */
  expect: number;
  /**
   * Open loop: due this many ms after the job's start; latency counts from then, so a request
   * that waited for a free connection (a stall) is not hidden by not being sent.
   */
  atMs?: number;
}

export interface HttpJob {
  kind: "http";
  requests: RequestSpec[];
  headerSets: Record<string, Record<string, string>>;
  /** Requests in flight at once (closed loop: each connection sends its next when answered). */
  concurrency: number;
  /** Do not start before this wall-clock time (ms), so several generators start together. */
  startAt?: number;
}

export interface HttpResult {
  samples: Record<string, number[]>;
  failures: Record<string, number>;
  /** The first few failures, for the report. */
  examples: string[];
  /** Wall clock (ms) of the first request sent and the last answer received. */
  startedAt: number;
  endedAt: number;
}

/** Dashboards: `count` SSE connections to `url`, each recording when every event arrives. */
export interface SseOpenJob {
  kind: "sse-open";
  url: string;
  headers: Record<string, string>;
  count: number;
  /** Record events of this name; the key is `keyPath` read from the event's JSON data. */
  event: string;
  keyPath: string[];
  /** "id": record every event that has an SSE id under that id instead (its data still parsed). */
  keyBy?: "id";
}

export interface SseOpenResult {
  opened: number;
}

/** Ends the dashboards and returns, per key, the wall-clock receipt times (ms) on every connection. */
export interface SseCollectJob {
  kind: "sse-collect";
  /** false: only report what arrived so far, the dashboards stay connected. */
  close: boolean;
}

export interface SseCollectResult {
  received: Record<string, number[]>;
  events: number;
}

export type Job = HttpJob | SseOpenJob | SseCollectJob;

/** What a generator answers to each kind of job, so that the runner's request is typed by its job. */
interface JobResults {
  http: HttpResult;
  "sse-open": SseOpenResult;
  "sse-collect": SseCollectResult;
}
export type ResultOf<J extends Job> = JobResults[J["kind"]];

export interface Envelope<T> {
  id: number;
  job?: T;
  result?: unknown;
  error?: string;
}

/** Wall-clock milliseconds with sub-millisecond resolution, the same clock in every process. */
export const wallNow = () => performance.timeOrigin + performance.now();
