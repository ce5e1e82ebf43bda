import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { metricNames } from "./catalogue.ts";

export interface HttpMetrics {
  /** One finished request: `route` is the route template (`/incidents/:id`), never the raw path. */
  observe(request: { method: string; route: string; status: number; seconds: number }): void;
}

export interface NotifierMetrics {
  /** One call-out message handed to the SMS or e-mail provider, or refused by it. */
  sent(channel: string, outcome: "sent" | "failed"): void;
}

export interface SseMetrics {
  /** A server-sent event stream opened; call the returned function when it closes. */
  opened(): () => void;
}

export interface GaugeSample {
  labels?: Record<string, string>;
  value: number;
}

export interface ServiceMetrics {
  readonly registry: Registry;
  readonly http: HttpMetrics;
  /** Created on first use, so only the service that notifies exports them. */
  notifier(): NotifierMetrics;
  sse(): SseMetrics;
  /**
   * A gauge read when Prometheus scrapes (a count in the database, a consumer's lag). A read that
   * fails or takes over `timeoutMs` leaves the gauge without samples for that scrape (NaN if it has
   * no labels) and counts a collect error, so a slow database cannot hang the scrape.
   */
  scrapeGauge(options: {
    name: string;
    help: string;
    labelNames?: readonly string[];
    read: () => Promise<readonly GaugeSample[]>;
    timeoutMs?: number;
  }): void;
}

/** Seconds: from a quick read to an import or an export of a long period. */
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The metrics of one running service, in a registry of its own (tests run several services in
 * one process), with Node's process metrics (`process_*`, `nodejs_*`) unless `processMetrics` is
 * false: they start monitors (event-loop delay, garbage collection) that run for the life of the
 * process, worth it only when something scrapes them.
 */
export function createServiceMetrics(options: { processMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: metricNames.httpRequests,
    help: "HTTP requests answered, by method, route template and status.",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: metricNames.httpDuration,
    help: "Time to answer an HTTP request (to the first byte of a stream), by method, route template and status.",
    labelNames: ["method", "route", "status"],
    buckets: durationBuckets,
    registers: [registry],
  });
  const collectErrors = new Counter({
    name: metricNames.collectErrors,
    // Registered first, so a scrape shows the errors counted up to the one before it.
    help: "Scrape-time reads (database counts, consumer lag) that failed or timed out, by metric.",
    labelNames: ["metric"],
    registers: [registry],
  });
  let notifier: NotifierMetrics | undefined;
  let sse: SseMetrics | undefined;

  return {
    registry,
    http: {
      observe({ method, route, status, seconds }) {
        const labels = { method, route, status: String(status) };
        requests.inc(labels);
        duration.observe(labels, seconds);
      },
    },
    notifier() {
      notifier ??= notifierMetrics(registry);
      return notifier;
    },
    sse() {
      sse ??= sseMetrics(registry);
      return sse;
    },
    scrapeGauge({ name, help, labelNames = [], read, timeoutMs = 2_000 }) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          this.reset();
          try {
            for (const sample of await withTimeout(read(), timeoutMs)) {
              if (sample.labels) this.set(sample.labels, sample.value);
              else this.set(sample.value);
            }
          } catch {
            collectErrors.inc({ metric: name });
            // prom-client always prints a gauge without labels (0 after reset): NaN, not a 0 that
            // would say "no backlog" while the database is away. Comparisons with NaN never alert.
            if (labelNames.length === 0) this.set(Number.NaN);
          }
        },
      });
    },
  };
}

function notifierMetrics(registry: Registry): NotifierMetrics {
  const sends = new Counter({
    name: metricNames.notifierSends,
    help: "Call-out messages handed to the SMS or e-mail provider (outcome sent) or refused or failed (outcome failed).",
    labelNames: ["channel", "outcome"],
    registers: [registry],
  });
  // Every series from zero, so a rate of failures exists before the first one.
  for (const channel of ["sms", "email"])
    for (const outcome of ["sent", "failed"]) sends.inc({ channel, outcome }, 0);
  return { sent: (channel, outcome) => sends.inc({ channel, outcome }) };
}

function sseMetrics(registry: Registry): SseMetrics {
  const clients = new Gauge({
    name: metricNames.sseClients,
    help: "Server-sent event streams (live picture) open on this replica.",
    registers: [registry],
  });
  return {
    opened() {
      clients.inc();
      let open = true;
      return () => {
        if (open) clients.dec();
        open = false;
      };
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref()),
  ]);
}
