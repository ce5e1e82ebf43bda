import { parseMetrics, scrapeMetrics } from "@krisstod/testing";
import { describe, expect, it } from "vitest";
import { createServiceMetrics, metricNames, serveMetrics } from "../src/index.ts";

describe("a service's metrics", () => {
  it("serve GET /metrics on their own port and nothing else there", async () => {
    const metrics = createServiceMetrics();
    metrics.http.observe({ method: "GET", route: "/incidents/:id", status: 200, seconds: 0.02 });
    const server = await serveMetrics(metrics.registry, { port: 0, hostname: "127.0.0.1" });
    try {
      const scrape = await scrapeMetrics(server.url);
      expect(scrape.value(metricNames.httpRequests, { route: "/incidents/:id", status: "200" })).toBe(1);
      expect(
        scrape.value(`${metricNames.httpDuration}_bucket`, { route: "/incidents/:id", le: "0.025" }),
      ).toBe(1);
      expect((await fetch(server.url.replace("/metrics", "/healthz"))).status).toBe(404);
      expect((await fetch(server.url, { method: "POST" })).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("leave a gauge whose read fails or hangs without a value, count the error, and still answer", async () => {
    const metrics = createServiceMetrics();
    metrics.scrapeGauge({ name: "test_ok", help: "read fine", read: async () => [{ value: 7 }] });
    metrics.scrapeGauge({
      name: "test_labelled_failing",
      help: "read throws",
      labelNames: ["consumer"],
      read: async () => {
        throw new Error("NATS away");
      },
    });
    metrics.scrapeGauge({
      name: "test_failing",
      help: "read throws",
      read: async () => {
        throw new Error("database away");
      },
    });
    metrics.scrapeGauge({
      name: "test_hanging",
      help: "read never answers",
      read: () => new Promise(() => {}),
      timeoutMs: 200,
    });
    const started = Date.now();
    const scrape = parseMetrics(await metrics.registry.metrics());
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(scrape.value("test_ok")).toBe(7);
    // Not a 0 that would read as "nothing waiting".
    expect(scrape.value("test_failing")).toBeNaN();
    expect(scrape.value("test_hanging")).toBeNaN();
    // The errors of a scrape are counted as it runs, so they show from the next one.
    const next = parseMetrics(await metrics.registry.metrics());
    expect(next.value(metricNames.collectErrors, { metric: "test_failing" })).toBe(1);
    expect(next.value(metricNames.collectErrors, { metric: "test_hanging" })).toBe(1);
    expect(next.samples(metricNames.collectErrors, { metric: "test_ok" })).toEqual([]);
    expect(scrape.samples("test_labelled_failing")).toEqual([]);
  });

  it("count SSE clients as they open and close, each close once", async () => {
    const metrics = createServiceMetrics();
    const clients = async () => parseMetrics(await metrics.registry.metrics()).value(metricNames.sseClients);
    const closeFirst = metrics.sse().opened();
    const closeSecond = metrics.sse().opened();
    expect(await clients()).toBe(2);
    closeFirst();
    closeFirst();
    expect(await clients()).toBe(1);
    closeSecond();
    expect(await clients()).toBe(0);
  });
});
