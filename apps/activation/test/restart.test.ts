import type { Activation } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import {
  createTestNamespace,
  hallandPeople as people,
  startHallandRosterStub as startRosterStub,
  waitFor,
} from "@krisstod/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createActivationService } from "../src/service.ts";
import { startFakeSmsProvider } from "./fake-sms-provider.ts";
import { laholmIncident, outbox, postJson, signIn } from "./support.ts";

describe("a restart in the middle of a call-out", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("sends every remaining message exactly once and carries on escalating", async () => {
    const ns = await createTestNamespace();
    cleanups.push(await startRosterStub(ns.natsUrl, ns.natsNamespace));
    const sms = await startFakeSmsProvider();
    cleanups.push(sms.close);
    // Same settings for both runs, as a restarted process would read them.
    const settings = {
      CALLOUT_WAIT_MS: "600",
      TIMER_POLL_MS: "25",
      SENDER_POLL_MS: "25",
      SMS_API_URL: sms.url,
      SMS_API_USERNAME: "elks",
      SMS_API_PASSWORD: "secret",
    };
    const env = ns.serviceEnv();
    const lead = await ns.headers(signIn.laholmLead);
    const chief = await ns.headers(signIn.laholmChief);

    // First run: the gateway is down, so the first person's text message is written but not sent.
    sms.setUp(false);
    let service: RunningService = await startService(createActivationService(settings), env);
    const incident = (await (await postJson(`${service.url}/incidents`, laholmIncident, lead)).json()) as {
      id: string;
    };
    const decided = await postJson(
      `${service.url}/activations`,
      { incidentId: incident.id, group: "management", reason: "Bussolycka", needed: 1 },
      chief,
    );
    expect(decided.status).toBe(201);
    const activation = (await decided.json()) as Activation;
    await waitFor(() => sms.requests.length > 0, { message: "the first send was tried" });
    await service.stop();
    const triedBeforeRestart = sms.requests.length;

    sms.setUp(true);
    service = await startService(createActivationService(settings), env);
    cleanups.push(() => service.stop());

    const final = await waitFor(
      async () => {
        const response = await fetch(`${service.url}/activations/${activation.id}`, { headers: lead });
        const a = (await response.json()) as Activation;
        return a.status === "unreachable" && sms.delivered().length >= 3 && a;
      },
      { message: "every person was called and the list ran out" },
    );
    expect(triedBeforeRestart).toBeGreaterThan(0);
    expect(final.counts).toMatchObject({ listed: 3, silent: 3, queued: 0 });
    const delivered = sms.delivered();
    // Exactly one text per person, and no message id delivered twice.
    expect(delivered.map((r) => r.to).sort()).toEqual(["+46701000011", "+46701000012", "+46701000013"]);
    expect(new Set(delivered.map((r) => r.idempotencyKey)).size).toBe(delivered.length);
    // The e-mail (no SMTP configured: development outbox) went once too.
    const emails = (await outbox(service.url, activation.id, lead)).filter((m) => m.channel === "email");
    expect(emails.map((m) => m.personId)).toEqual([people.lg1]);
  });
});
