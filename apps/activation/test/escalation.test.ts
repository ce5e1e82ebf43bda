import {
  type Activation,
  EscalationResult,
  type EventEnvelope,
  type Incident,
  Problem,
} from "@krisstod/contracts";
import type { RunningService } from "@krisstod/runtime";
import { hallandPeople as people, waitFor } from "@krisstod/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../src/db/schema.ts";
import { type EscalationFixture, startEscalationFixture, statusOf } from "./escalation-fixture.ts";
import { laholmIncident, linkOn, outbox, postJson, signIn, startActivationWithRoster } from "./support.ts";

/**
 * The lead's escalation (POST /activations/:id/escalate): the next person called at once, never
 * twice, refused where it makes no sense; and the answer deadline of those called beyond the need.
 */
describe("escalation by the lead", () => {
  let f: EscalationFixture;
  let service: EscalationFixture["service"];
  let lead: EscalationFixture["lead"];
  let member: EscalationFixture["member"];
  let halmstad: EscalationFixture["halmstad"];
  let decide: EscalationFixture["decide"];
  let read: EscalationFixture["read"];
  let escalate: EscalationFixture["escalate"];
  let calledEvents: EscalationFixture["calledEvents"];

  beforeAll(async () => {
    f = await startEscalationFixture();
    ({ service, lead, member, halmstad, decide, read, escalate, calledEvents } = f);
  });
  afterAll(() => f?.stop());

  it("calls the next person now when the lead escalates, once, with the event, message and audit row", async () => {
    const activation = await decide({ needed: 1 });
    expect(statusOf(activation)).toEqual({
      [people.lg1]: "called",
      [people.lg2]: "queued",
      [people.lg3]: "queued",
    });

    const response = await escalate(activation.id, { seenCalled: 1 });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const result = EscalationResult.parse(await response.json());
    expect(result).toMatchObject({
      called: 1,
      status: "calling",
      counts: { called: 2, awaiting: 2, queued: 1 },
    });
    // Lena keeps her call (she may still answer); Lars is called now, Lotta still waits her turn.
    expect(statusOf(await read(activation.id))).toEqual({
      [people.lg1]: "called",
      [people.lg2]: "called",
      [people.lg3]: "queued",
    });
    const sent = await waitFor(async () => {
      const m = (await outbox(service.url, activation.id, lead)).filter((x) => x.personId === people.lg2);
      return m.length > 0 && m;
    });
    expect(sent.map((m) => m.channel)).toEqual(["sms"]);
    expect(sent[0]?.body.startsWith("ÖVNING")).toBe(true);
    await waitFor(() => calledEvents(activation.id).length === 2);
    expect(calledEvents(activation.id).map((e) => (e.data as { personId: string }).personId)).toEqual([
      people.lg1,
      people.lg2,
    ]);
    // The contact details were used to call Lars: one write row, by the lead, naming the escalation.
    const { db } = service.context.database;
    const audited = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.reason, `escalation of activation ${activation.id}`));
    expect(audited.map((r) => [r.action, r.actorUserId, r.subjectId])).toEqual([
      ["write", "kommun-1381.posom-lead", people.lg2],
    ]);

    // The same request again (a double click, a retry): the lead saw 1 called, now 2 are: refused.
    const repeated = await escalate(activation.id, { seenCalled: 1 });
    expect(repeated.status).toBe(409);
    expect(repeated.headers.get("content-type")).toContain("application/problem+json");
    expect(Problem.parse(await repeated.json()).detail).toMatch(/2 people have been called/);
    expect(statusOf(await read(activation.id))[people.lg3]).toBe("queued");
  });

  it("never calls a person twice, even when two leads escalate at the same moment, and says when nobody is left", async () => {
    const activation = await decide({ needed: 1 });
    // Two escalations at once for the one person left after the next: each calls someone else, or nobody.
    const first = await escalate(activation.id, {}, member);
    expect(EscalationResult.parse(await first.json()).called).toBe(1);
    const [a, b] = await Promise.all([escalate(activation.id, {}), escalate(activation.id, {}, member)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const refused = a.status === 409 ? a : b;
    expect(Problem.parse(await refused.json()).detail).toMatch(/nobody is left to call/);
    const after = await read(activation.id);
    expect(after.counts).toMatchObject({ called: 3, queued: 0 });
    await waitFor(
      async () =>
        (await outbox(service.url, activation.id, lead)).filter((m) => m.channel === "sms").length === 3,
    );
    const texts = (await outbox(service.url, activation.id, lead)).filter((m) => m.channel === "sms");
    expect(texts.map((m) => m.personId).sort()).toEqual([people.lg1, people.lg2, people.lg3].sort());
    await waitFor(() => calledEvents(activation.id).length === 3);
    expect(
      new Set(calledEvents(activation.id).map((e) => (e.data as { personId: string }).personId)).size,
    ).toBe(3);

    const again = await escalate(activation.id);
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
  });

  it("refuses escalation of a closed activation, of another organisation's, and a bad count naming the field", async () => {
    const activation = await decide({ needed: 1 });
    expect((await escalate(activation.id, {}, halmstad)).status).toBe(403);
    const bad = await escalate(activation.id, { count: 0 });
    expect(bad.status).toBe(400);
    expect(Problem.parse(await bad.json()).errors?.map((e) => e.field)).toEqual(["count"]);
    expect((await postJson(`${service.url}/activations/${activation.id}/close`, {}, lead)).status).toBe(200);
    const closed = await escalate(activation.id);
    expect(closed.status).toBe(409);
    expect(Problem.parse(await closed.json()).detail).toMatch(/closed/);
    expect((await read(activation.id)).counts).toMatchObject({ called: 1, queued: 2 });
    expect((await escalate("0190f5a2-0000-7000-8000-00000000dead")).status).toBe(404);
  });
});

/**
 * The answer deadline of people the lead calls (POST /activations/:id/escalate) when the
 * activation is, or becomes, fully staffed: they get the same wait as everyone the timer calls and
 * are marked silent when it runs out, and nobody further is called automatically (acceptances are
 * not short). A short wait, as the other timer tests use, so the timer runs here.
 */
describe("the answer deadline of people the lead called beyond the need", () => {
  const WAIT_MS = 1_000;
  const stops: (() => Promise<void>)[] = [];
  let events: EventEnvelope[];
  let service: RunningService;
  let lead: Record<string, string>;
  let chief: Record<string, string>;
  let incidentId: string;

  beforeAll(async () => {
    const running = await startActivationWithRoster(
      { CALLOUT_WAIT_MS: String(WAIT_MS), SENDER_POLL_MS: "25", TIMER_POLL_MS: "25" },
      { lead: signIn.laholmLead, chief: signIn.laholmChief },
    );
    stops.push(running.stop);
    ({ service, events } = running);
    ({ lead, chief } = running.as);
    const created = await postJson(`${service.url}/incidents`, laholmIncident, lead);
    expect(created.status).toBe(201);
    incidentId = ((await created.json()) as Incident).id;
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const decide = async () => {
    const response = await postJson(
      `${service.url}/activations`,
      { incidentId, group: "management", reason: "Bussolycka med många inblandade", needed: 1 },
      chief,
    );
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as Activation;
  };
  const read = async (id: string) =>
    (await (await fetch(`${service.url}/activations/${id}`, { headers: lead })).json()) as Activation;
  const statusOf = (a: Activation) => Object.fromEntries(a.callOuts.map((c) => [c.personId, c.status]));
  const escalate = async (id: string) => {
    const response = await postJson(`${service.url}/activations/${id}/escalate`, {}, lead);
    expect(response.status, await response.clone().text()).toBe(200);
    return EscalationResult.parse(await response.json());
  };
  const accept = async (activationId: string, personId: string) => {
    const message = await waitFor(async () =>
      (await outbox(service.url, activationId, lead)).find((m) => m.personId === personId),
    );
    const link = linkOn(service.url, message.answerLink);
    const response = await postJson(link.url, { token: link.token, answer: "accept", etaMinutes: 15 });
    expect(response.status, await response.clone().text()).toBe(200);
  };
  const changes = (activationId: string, personId: string) =>
    events
      .filter((e) => e.type === "activation.call-out-changed")
      .map((e) => e.data as { activationId: string; personId: string; change: string; status: string })
      .filter((d) => d.activationId === activationId && d.personId === personId);
  /** Once the wait has run out for the person called last: silent, with the event, nobody else called. */
  const expectSilentAndNobodyMore = async (activationId: string, escalatedAt: number) => {
    const silent = await waitFor(
      async () => {
        const a = await read(activationId);
        return statusOf(a)[people.lg2] === "silent" && a;
      },
      { timeoutMs: WAIT_MS + 5_000, message: "the person the lead called was marked silent" },
    );
    // Not before the wait every called person gets.
    expect(Date.now() - escalatedAt).toBeGreaterThanOrEqual(WAIT_MS);
    expect(silent.status).toBe("staffed");
    expect(silent.counts).toMatchObject({ accepted: 1, silent: 1, awaiting: 0, queued: 1 });
    await waitFor(() => changes(activationId, people.lg2).some((d) => d.change === "silent"), {
      message: "the silent event",
    });
    expect(changes(activationId, people.lg2).find((d) => d.change === "silent")?.status).toBe("staffed");
    // Staffed: no further automatic call, not even after another wait.
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS + 500));
    const later = await read(activationId);
    expect(statusOf(later)[people.lg3]).toBe("queued");
    expect(later.status).toBe("staffed");
    expect((await outbox(service.url, activationId, lead)).some((m) => m.personId === people.lg3)).toBe(
      false,
    );
    expect(changes(activationId, people.lg3)).toEqual([]);
  };

  it("marks silent whom the lead called after the activation was staffed, once the wait has run out", async () => {
    const activation = await decide();
    await accept(activation.id, people.lg1);
    const staffed = await read(activation.id);
    expect(staffed.status).toBe("staffed");
    expect(statusOf(staffed)).toEqual({
      [people.lg1]: "accepted",
      [people.lg2]: "queued",
      [people.lg3]: "queued",
    });

    const escalatedAt = Date.now();
    const result = await escalate(activation.id);
    expect(result).toMatchObject({ called: 1, status: "staffed", counts: { awaiting: 1, queued: 1 } });
    expect(statusOf(await read(activation.id))[people.lg2]).toBe("called");
    await expectSilentAndNobodyMore(activation.id, escalatedAt);
  });

  it("marks silent whom the lead called while calling, when others staffed the activation before the wait ran out", async () => {
    const activation = await decide();
    const escalatedAt = Date.now();
    expect(await escalate(activation.id)).toMatchObject({ called: 1, status: "calling" });
    await accept(activation.id, people.lg1);
    const staffed = await read(activation.id);
    expect(staffed.status).toBe("staffed");
    expect(statusOf(staffed)).toEqual({
      [people.lg1]: "accepted",
      [people.lg2]: "called",
      [people.lg3]: "queued",
    });
    await expectSilentAndNobodyMore(activation.id, escalatedAt);
  });
});
