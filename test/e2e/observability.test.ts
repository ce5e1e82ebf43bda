import { randomUUID } from "node:crypto";
import { Incident } from "@krisstod/contracts";
import { findFreePort } from "@krisstod/local-infra";
import { metricNames } from "@krisstod/metrics";
import {
  createTestNamespace,
  openEventStream,
  scrapeMetrics,
  type TestNamespace,
  waitFor,
} from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, type ServiceName, serviceNames, startCluster } from "../scenario/cluster.ts";
import { type OtlpReceiver, startOtlpReceiver } from "./otlp-receiver.ts";
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

  const scrape = (name: ServiceName) => scrapeMetrics(metricsUrls[name]);

  it("every service exports its HTTP, outbox, consumer, dead-letter and audit metrics", async () => {
    for (const name of serviceNames) {
      const before = await scrape(name);
      const healthz = { method: "GET", route: "/healthz", status: "200" };
      await fetch(`${cluster.url(name)}/healthz`);
      // The API port (the one the dashboard's proxy forwards to) has no metrics.
      const onApiPort = await fetch(`${cluster.url(name)}/metrics`);
      expect(onApiPort.status, name).toBeGreaterThanOrEqual(400);
      expect(await onApiPort.text(), name).not.toContain(metricNames.httpRequests);
      const after = await scrape(name);
      expect(
        after.value(metricNames.httpRequests, healthz) - before.value(metricNames.httpRequests, healthz),
        name,
      ).toBe(1);
      expect(after.value(`${metricNames.httpDuration}_count`, healthz), name).toBeGreaterThanOrEqual(1);
      expect(after.samples(metricNames.outboxPending).length, name).toBe(1);
      expect(after.samples(metricNames.outboxOldestAge).length, name).toBe(1);
      expect(after.samples("process_resident_memory_bytes").length, name).toBe(1);
      expect(after.samples(metricNames.collectErrors), name).toEqual([]);
      await expect
        .poll(async () => (await scrape(name)).value(metricNames.auditVerificationOk), { timeout: 20_000 })
        .toBe(1);
    }
    // Together the services export every metric of the catalogue (the dashboard and the alert
    // rules use no other, test/deploy/k8s-monitoring.test.ts).
    const declared = new Set<string>();
    for (const name of serviceNames) for (const metric of (await scrape(name)).declared) declared.add(metric);
    expect(Object.values(metricNames).filter((name) => !declared.has(name))).toEqual([]);
    // Reporting's consumers, each with its lag and its dead letters (none).
    const reporting = await scrape("reporting");
    const consumers = reporting.samples(metricNames.consumerPending).map((s) => s.labels.consumer ?? "");
    expect(consumers.length).toBeGreaterThanOrEqual(3);
    for (const consumer of consumers) {
      expect(reporting.samples(metricNames.deadLetters, { consumer })).toMatchObject([{ value: 0 }]);
      expect(reporting.samples(metricNames.consumerAckPending, { consumer })).toHaveLength(1);
    }
    // Activation's call-out messages, per channel, from zero (apps/activation/test/notifier-metrics.test.ts
    // counts them as a provider fails and recovers).
    const activation = await scrape("activation");
    const smsFailures = activation.samples(metricNames.notifierSends, { channel: "sms", outcome: "failed" });
    expect(smsFailures).toMatchObject([{ value: 0 }]);
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
    const after = await scrape("activation");
    expect(
      after.value(metricNames.httpRequests, byTemplate) - before.value(metricNames.httpRequests, byTemplate),
    ).toBe(1);
    expect(after.text).not.toContain(id);
  });

  it("shows each open live-picture stream as an SSE client of reporting", async () => {
    const observer = await ns.headers(hallandObserver);
    const clients = async () => (await scrape("reporting")).value(metricNames.sseClients);
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
    // Each service exports its spans in its own batches: activation's may arrive after reporting's.
    const publish = await waitFor(() => trace().find((s) => s.spanId === consumed.parentSpanId), {
      timeoutMs: 10_000,
      message: "activation's publish span did not arrive",
    });
    expect(publish).toMatchObject({ service: "activation", kind: PRODUCER, name: "publish incident.opened" });
    expect(publish.parentSpanId).toBe(request.spanId);
    expect(request.attributes).toMatchObject({
      "http.route": "/incidents",
      "http.response.status_code": 201,
    });
  });

  it("carries the trace over request/reply: roster answers activation's question inside the request's trace", async () => {
    const lead = await ns.headers(halmstadLead);
    const response = await fetch(`${cluster.url("activation")}/me/decisions`, { headers: lead });
    expect(response.status).toBe(200);
    const request = await waitFor(
      () =>
        receiver.spans.find(
          (s) => s.service === "activation" && s.name === "GET /me/decisions" && s.kind === SERVER,
        ),
      { timeoutMs: 10_000, message: "activation exported no span of the request" },
    );
    const answered = await waitFor(
      () => receiver.spans.find((s) => s.service === "roster" && s.traceId === request.traceId),
      { timeoutMs: 10_000, message: "no span of roster in the request's trace" },
    );
    expect(answered).toMatchObject({ kind: SERVER, parentSpanId: request.spanId });
    expect(answered.name).toMatch(/^rpc /);
  });
});

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;
