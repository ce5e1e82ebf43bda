import { randomUUID } from "node:crypto";
import { Incident } from "@krisstod/contracts";
import { findFreePort } from "@krisstod/local-infra";
import { metricNames } from "@krisstod/metrics";
import { createTestNamespace, openEventStream, type TestNamespace, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, type ServiceName, serviceNames, startCluster } from "../scenario/cluster.ts";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "./otlp-receiver.ts";
import { hallandObserver, halmstadLead, incidentBody, postJson } from "./support.ts";

/**
 * What an operator's Prometheus and trace backend get from the four services running as they do
 * in production (separate processes, real PostgreSQL and NATS): `/metrics` on each one's metrics
 * port, and OTLP traces that follow one request from one service into another.
 */
describe("metrics and traces of the running services", () => {
  let ns: TestNamespace;
  let cluster: Cluster;
  let receiver: OtlpReceiver;
  const metricsUrls = {} as Record<ServiceName, string>;

  beforeAll(async () => {
    ns = await createTestNamespace();
    receiver = await startOtlpReceiver();
    const extra = {} as Record<ServiceName, Record<string, string>>;
    for (const name of serviceNames) {
      const port = await findFreePort();
      metricsUrls[name] = `http://127.0.0.1:${port}/metrics`;
      extra[name] = {
        METRICS_PORT: String(port),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_BSP_SCHEDULE_DELAY: "100",
        // The first verification of each audit trail a second after start, not ten.
        AUDIT_VERIFY_INTERVAL_SECONDS: "1",
      };
    }
    cluster = await startCluster(ns.serviceEnv(), { extra });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
    await receiver?.close();
  });

  const scrape = async (name: ServiceName) => {
    const response = await fetch(metricsUrls[name]);
    expect(response.status).toBe(200);
    return parseMetrics(await response.text());
  };

  it("every service exports its HTTP, outbox, consumer, dead-letter and audit metrics", async () => {
    for (const name of serviceNames) {
      const before = await scrape(name);
      const healthz = { method: "GET", route: "/healthz", status: "200" };
      await fetch(`${cluster.url(name)}/healthz`);
      const after = await scrape(name);
      expect(
        value(after, metricNames.httpRequests, healthz) - value(before, metricNames.httpRequests, healthz),
        name,
      ).toBe(1);
      expect(value(after, `${metricNames.httpDuration}_count`, healthz), name).toBeGreaterThanOrEqual(1);
      expect(samples(after, metricNames.outboxPending).length, name).toBe(1);
      expect(samples(after, metricNames.outboxOldestAge).length, name).toBe(1);
      expect(samples(after, "process_resident_memory_bytes").length, name).toBe(1);
      expect(samples(after, metricNames.collectErrors), name).toEqual([]);
      await expect
        .poll(async () => value(await scrape(name), metricNames.auditVerificationOk), { timeout: 20_000 })
        .toBe(1);
    }
    // Together the services export every metric of the catalogue (the dashboard and the alert
    // rules use no other, test/deploy/k8s-monitoring.test.ts).
    const declared = new Set<string>();
    for (const name of serviceNames) {
      const text = await (await fetch(metricsUrls[name])).text();
      for (const [, metric] of text.matchAll(/^# TYPE (\S+) /gm)) declared.add(metric as string);
    }
    expect(Object.values(metricNames).filter((name) => !declared.has(name))).toEqual([]);
    // Reporting's consumers, each with its lag and its dead letters (none).
    const reporting = await scrape("reporting");
    const consumers = samples(reporting, metricNames.consumerPending).map((s) => s.labels.consumer ?? "");
    expect(consumers.length).toBeGreaterThanOrEqual(3);
    for (const consumer of consumers) {
      expect(value(reporting, metricNames.deadLetters, { consumer })).toBe(0);
      expect(value(reporting, metricNames.consumerAckPending, { consumer })).toBeGreaterThanOrEqual(0);
    }
    // Activation's call-out messages, per channel, from zero.
    const activation = await scrape("activation");
    expect(value(activation, metricNames.notifierSends, { channel: "sms", outcome: "failed" })).toBe(0);
  });

  it("counts requests by route template, never by the path that carries an id", async () => {
    const lead = await ns.headers(halmstadLead);
    const id = randomUUID();
    const before = await scrape("activation");
    const byTemplate = { method: "GET", route: "/incidents/:id", status: "404" };
    const missing = await fetch(`${cluster.url("activation")}/incidents/${id}`, { headers: lead });
    expect(missing.status).toBe(404);
    const unrouted = await fetch(`${cluster.url("activation")}/no-such-thing/${id}`, { headers: lead });
    expect(unrouted.status).toBeGreaterThanOrEqual(400);
    const response = await fetch(metricsUrls.activation);
    const text = await response.text();
    const after = parseMetrics(text);
    expect(
      value(after, metricNames.httpRequests, byTemplate) -
        value(before, metricNames.httpRequests, byTemplate),
    ).toBe(1);
    expect(text).not.toContain(id);
  });

  it("shows each open live-picture stream as an SSE client of reporting", async () => {
    const observer = await ns.headers(hallandObserver);
    const clients = async () => value(await scrape("reporting"), metricNames.sseClients);
    const before = await clients();
    const stream = await openEventStream(`${cluster.url("reporting")}/stream?county=13`, observer);
    try {
      await expect.poll(clients, { timeout: 5_000 }).toBe(before + 1);
    } finally {
      stream.close();
    }
    await expect.poll(clients, { timeout: 5_000 }).toBe(before);
  });

  it("follows one incident in one trace from activation's request through NATS into reporting", async () => {
    const lead = await ns.headers(halmstadLead);
    const observer = await ns.headers(hallandObserver);
    const response = await postJson(
      `${cluster.url("activation")}/incidents`,
      incidentBody({ title: "Spårad brand i Oskarström" }),
      lead,
    );
    expect(response.status).toBe(201);
    const incident = Incident.parse(await response.json());
    await waitFor(
      async () => {
        const picture = await fetch(`${cluster.url("reporting")}/picture?county=13`, { headers: observer });
        return ((await picture.json()) as { incidents: { id: string }[] }).incidents.some(
          (i) => i.id === incident.id,
        );
      },
      { timeoutMs: 15_000, message: "the incident did not reach the picture" },
    );

    const request = await waitFor(
      () =>
        receiver.spans.find(
          (s) => s.service === "activation" && s.name === "POST /incidents" && s.kind === SERVER,
        ),
      { timeoutMs: 10_000, message: "activation exported no span of the request" },
    );
    const trace = () => receiver.spans.filter((s) => s.traceId === request.traceId);
    const consumed = await waitFor(
      () => trace().find((s) => s.service === "reporting" && s.kind === CONSUMER),
      { timeoutMs: 10_000, message: "no span of reporting in the request's trace" },
    );
    expect(consumed.name).toBe("process incident.opened");
    // The chain: reporting's handling ← activation's publish from the outbox ← the HTTP request.
    const publish = trace().find((s) => s.spanId === consumed.parentSpanId) as ReceivedSpan;
    expect(publish).toMatchObject({ service: "activation", kind: PRODUCER, name: "publish incident.opened" });
    expect(publish.parentSpanId).toBe(request.spanId);
    expect(request.attributes).toMatchObject({
      "http.route": "/incidents",
      "http.response.status_code": 201,
    });
  });
});

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of Prometheus' text format (comments skipped). */
function parseMetrics(text: string): Sample[] {
  const line = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
  return text.split("\n").flatMap((row) => {
    const match = line.exec(row);
    if (!match || row.startsWith("#")) return [];
    const labels = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [
        m[1] as string,
        m[2] as string,
      ]),
    );
    return [{ name: match[1] as string, labels, value: Number(match[3]) }];
  });
}

function samples(all: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return all.filter(
    (s) => s.name === name && Object.entries(labels).every(([key, wanted]) => s.labels[key] === wanted),
  );
}

/** The one sample's value; 0 when the series does not exist yet (a counter before its first count). */
function value(all: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples(all, name, labels);
  expect(found.length, `${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
  return found[0]?.value ?? 0;
}
