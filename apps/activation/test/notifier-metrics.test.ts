import { findFreePort } from "@krisstod/local-infra";
import { metricNames } from "@krisstod/metrics";
import { type RunningService, startService } from "@krisstod/runtime";
import {
  createTestNamespace,
  scrapeMetrics,
  startHallandRosterStub as startRosterStub,
  waitFor,
} from "@krisstod/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createActivationService } from "../src/service.ts";
import { startFakeSmsProvider } from "./fake-sms-provider.ts";
import { laholmIncident, postJson, signIn } from "./support.ts";

describe("call-out messages in the service's metrics", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("counts the texts the SMS provider refuses, then the ones it takes once it is back", async () => {
    const ns = await createTestNamespace();
    cleanups.push(await startRosterStub(ns.natsUrl, ns.natsNamespace));
    const sms = await startFakeSmsProvider();
    cleanups.push(sms.close);
    sms.setUp(false);
    const metricsPort = await findFreePort();
    const service: RunningService = await startService(
      createActivationService({
        TIMER_POLL_MS: "25",
        SENDER_POLL_MS: "25",
        SMS_API_URL: sms.url,
        SMS_API_USERNAME: "elks",
        SMS_API_PASSWORD: "secret",
      }),
      ns.serviceEnv({ METRICS_PORT: metricsPort }),
    );
    cleanups.push(() => service.stop());
    expect(service.metricsUrl).toBe(`http://127.0.0.1:${metricsPort}/metrics`);
    const sends = async (outcome: "sent" | "failed") =>
      (await scrapeMetrics(service.metricsUrl as string)).value(metricNames.notifierSends, {
        channel: "sms",
        outcome,
      });
    expect(await sends("failed")).toBe(0);

    const lead = await ns.headers(signIn.laholmLead);
    const chief = await ns.headers(signIn.laholmChief);
    const incident = (await (await postJson(`${service.url}/incidents`, laholmIncident, lead)).json()) as {
      id: string;
    };
    const decided = await postJson(
      `${service.url}/activations`,
      { incidentId: incident.id, group: "management", reason: "Bussolycka", needed: 1 },
      chief,
    );
    expect(decided.status).toBe(201);

    // The gateway answers 503: each refused attempt is counted, nothing as sent.
    await waitFor(() => sms.requests.length > 0, { message: "the first send was tried" });
    await expect.poll(() => sends("failed"), { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    expect(await sends("sent")).toBe(0);

    sms.setUp(true);
    await waitFor(() => sms.delivered().length > 0, { timeoutMs: 15_000, message: "the retry went out" });
    await expect.poll(() => sends("sent"), { timeout: 5_000 }).toBe(sms.delivered().length);
    expect(await sends("failed")).toBe(sms.requests.filter((r) => r.status !== 200).length);
  });
});
