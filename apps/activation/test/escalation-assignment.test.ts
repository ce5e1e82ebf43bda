import {
  type Activation,
  AnswerLinkState,
  AnswerResult,
  EscalationResult,
  type EventEnvelope,
  type Incident,
  MeetingPlaceChange,
  MyAssignments,
  Problem,
} from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, signInAndWatch, type TestNamespace, waitFor } from "@krisstod/testing";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activations, auditLog, devOutbox, messages, timers } from "../src/db/schema.ts";
import { createActivationService } from "../src/service.ts";
import { people, startRosterStub } from "./roster-stub.ts";
import { laholmIncident, linkOn, outbox, postJson, signIn } from "./support.ts";

/**
 * The lead's escalation (POST /activations/:id/escalate), the meeting place of a decision told to
 * whoever accepts (in the answer and on the answer link), and a person's own assignments
 * (GET /me/assignments) — against the running service on real PostgreSQL and NATS. The wait is a
 * minute, so only the lead escalates here, never the timer.
 */
describe("escalation by the lead, meeting place and own assignments", () => {
  const stops: (() => Promise<void>)[] = [];
  let events: EventEnvelope[];
  let ns: TestNamespace;
  let service: RunningService;
  let lead: Record<string, string>;
  let chief: Record<string, string>;
  let member: Record<string, string>;
  let halmstad: Record<string, string>;
  let support: Record<string, string>;
  let incident: Incident;

  beforeAll(async () => {
    ns = await createTestNamespace();
    stops.push(await startRosterStub(ns.natsUrl, ns.natsNamespace));
    ({
      as: { lead, chief, member, halmstad, support },
      events,
    } = await signInAndWatch(ns, {
      lead: signIn.laholmLead,
      chief: signIn.laholmChief,
      member: signIn.laholmMember,
      halmstad: signIn.halmstadLead,
      support: signIn.laholmSupport,
    }));
    service = await startService(
      createActivationService({ CALLOUT_WAIT_MS: "60000", SENDER_POLL_MS: "25", TIMER_POLL_MS: "25" }),
      ns.serviceEnv(),
    );
    stops.push(service.stop);
    const created = await postJson(
      `${service.url}/incidents`,
      {
        ...laholmIncident,
        title: "Övning: brand i Veinge skola",
        location: { lat: 56.55, lon: 13.08, address: "Skolvägen 1, Veinge" },
        exercise: true,
      },
      lead,
    );
    expect(created.status).toBe(201);
    incident = (await created.json()) as Incident;
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const decide = async (body: Record<string, unknown>, as = chief) => {
    const response = await postJson(
      `${service.url}/activations`,
      { incidentId: incident.id, group: "management", reason: "Övning enligt plan", ...body },
      as,
    );
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as Activation;
  };
  const read = async (id: string) =>
    (await (await fetch(`${service.url}/activations/${id}`, { headers: lead })).json()) as Activation;
  const escalate = (id: string, body?: unknown, as = lead) =>
    fetch(`${service.url}/activations/${id}/escalate`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...as },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  /** A one-way gate between two concurrent steps of a test: `opened` resolves once `open()` is called. */
  const gate = () => {
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { open, opened };
  };
  /** An incident of its own with its ledningsgrupp called: closing it leaves the other tests alone. */
  const activationOfItsOwn = async (title: string, reason: string) => {
    const created = await postJson(`${service.url}/incidents`, { ...laholmIncident, title }, lead);
    const other = (await created.json()) as Incident;
    const decided = await postJson(
      `${service.url}/activations`,
      { incidentId: other.id, group: "management", reason, needed: 1 },
      chief,
    );
    expect(decided.status, await decided.clone().text()).toBe(201);
    return { other, activation: (await decided.json()) as Activation };
  };
  const statusOf = (a: Activation) => Object.fromEntries(a.callOuts.map((c) => [c.personId, c.status]));
  const calledEvents = (activationId: string) =>
    events.filter(
      (e) =>
        e.type === "activation.call-out-changed" &&
        (e.data as { activationId: string; change: string }).activationId === activationId &&
        (e.data as { change: string }).change === "called",
    );

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

  it("tells a support person who accepts where to go — meeting place and incident, nobody else's details", async () => {
    const management = await decide({ needed: 1, meetingPlace: "Kommunhuset, sammanträdesrum 2" });
    expect(management.meetingPlace).toBe("Kommunhuset, sammanträdesrum 2");
    const tooShort = await postJson(
      `${service.url}/activations`,
      { incidentId: incident.id, group: "management", reason: "Övning", meetingPlace: " " },
      chief,
    );
    expect(tooShort.status).toBe(400);
    expect(Problem.parse(await tooShort.json()).errors?.map((e) => e.field)).toEqual(["meetingPlace"]);

    const supportActivation = await decide(
      {
        group: "support-persons",
        parentActivationId: management.id,
        needed: 2,
        meetingPlace: "Veinge bygdegård, stora salen",
      },
      member,
    );
    expect((await read(supportActivation.id)).meetingPlace).toBe("Veinge bygdegård, stora salen");
    const messages = await waitFor(async () => {
      const m = await outbox(service.url, supportActivation.id, lead);
      return m.length === 2 && m;
    });
    // The meeting place is told to who accepts, not written into every message.
    expect(messages.every((m) => !m.body.includes("bygdegård"))).toBe(true);
    const sara = linkOn(service.url, messages.find((m) => m.personId === people.sp1)?.answerLink ?? "");
    const sven = linkOn(service.url, messages.find((m) => m.personId === people.sp2)?.answerLink ?? "");
    const asJson = { headers: { Accept: "application/json" } };

    const before = await fetch(`${sara.url}?token=${encodeURIComponent(sara.token)}`, asJson);
    expect(before.status).toBe(200);
    const state = AnswerLinkState.parse(await before.json());
    expect(state).toMatchObject({
      organisationId: "kommun-1381",
      group: "support-persons",
      exercise: true,
      settled: false,
      incidentTitle: "Övning: brand i Veinge skola",
      answer: null,
    });
    expect(state.assignment).toBeUndefined();

    const accepted = await postJson(sara.url, { token: sara.token, answer: "accept", etaMinutes: 20 });
    expect(accepted.status).toBe(200);
    const text = await accepted.text();
    expect(AnswerResult.parse(JSON.parse(text))).toEqual({
      status: "accepted",
      etaMinutes: 20,
      assignment: {
        activationId: supportActivation.id,
        organisationId: "kommun-1381",
        group: "support-persons",
        exercise: true,
        meetingPlace: "Veinge bygdegård, stora salen",
        incident: {
          id: incident.id,
          title: "Övning: brand i Veinge skola",
          address: "Skolvägen 1, Veinge",
          location: { lat: 56.55, lon: 13.08 },
        },
      },
    });
    // Nobody else's name, number or e-mail — not even the person's own name.
    expect(text).not.toMatch(/Sara|Sven|Stöd|Gruppsson|Karin|\+4670|@/);

    // Opened again, the link says it is answered, and where to go.
    const reopened = await fetch(`${sara.url}?token=${encodeURIComponent(sara.token)}`, asJson);
    expect(reopened.status).toBe(409);
    expect(AnswerLinkState.parse(await reopened.json())).toMatchObject({
      settled: true,
      answer: "accepted",
      assignment: { meetingPlace: "Veinge bygdegård, stora salen" },
    });
    // A link that is not valid: problem+json for JSON clients.
    const forged = await fetch(`${sara.url}?token=not-a-token`, asJson);
    expect(forged.status).toBe(401);
    expect(forged.headers.get("content-type")).toContain("application/problem+json");

    // The plain form (no JavaScript) shows it too; a no is told nothing about where.
    const form = await fetch(sven.url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: sven.token, answer: "decline" }),
    });
    const page = await form.text();
    expect(page).toContain("Ditt svar är registrerat: nej");
    expect(page).not.toContain("bygdegård");
  });

  it("lists a signed-in support person's own accepted call-outs with the meeting place, and nobody else's", async () => {
    const response = await fetch(`${service.url}/me/assignments`, { headers: support });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const mine = MyAssignments.parse(await response.json());
    expect(mine.inRoster).toBe(true);
    expect(mine.assignments).toHaveLength(1);
    expect(mine.assignments[0]).toMatchObject({
      group: "support-persons",
      exercise: true,
      meetingPlace: "Veinge bygdegård, stora salen",
      activationStatus: "calling",
      etaMinutes: 20,
      closedAt: null,
      incident: { title: "Övning: brand i Veinge skola", address: "Skolvägen 1, Veinge" },
    });
    expect(Date.parse(mine.assignments[0]?.acceptedAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
    // Audited as a read of her own call-out.
    const { db } = service.context.database;
    const rows = await db.select().from(auditLog).where(eq(auditLog.reason, "own assignments"));
    expect(rows.map((r) => [r.action, r.actorUserId, r.subjectId])).toEqual([
      ["read", "kommun-1381.support-person", people.sp1],
    ]);

    // Lena (ledningsgrupp) accepted nothing; Halmstad's lead is nobody in the roster the stub knows.
    const lena = MyAssignments.parse(
      await (await fetch(`${service.url}/me/assignments`, { headers: member })).json(),
    );
    expect(lena).toEqual({ inRoster: true, assignments: [] });
    const stranger = MyAssignments.parse(
      await (await fetch(`${service.url}/me/assignments`, { headers: halmstad })).json(),
    );
    expect(stranger).toEqual({ inRoster: false, assignments: [] });
    const observer = await ns.headers(signIn.hallandObserver);
    expect((await fetch(`${service.url}/me/assignments`, { headers: observer })).status).toBe(403);
  });

  it("closes an incident while the answer timer of one of its activations is being worked, with no deadlock", async () => {
    const { other, activation } = await activationOfItsOwn("Brand i Knäreds skola", "Brand med skadade barn");
    const { db } = service.context.database;

    // The timer worker's lock order (workers/timers.ts): its timer row first, then the activation.
    const { open: release, opened: released } = gate();
    const { open: timerLocked, opened: locked } = gate();
    let heldTimers = 0;
    const worker = db.transaction(async (tx) => {
      heldTimers = (
        await tx
          .select()
          .from(timers)
          .where(and(eq(timers.activationId, activation.id), isNull(timers.processedAt)))
          .for("update")
      ).length;
      timerLocked();
      await released;
      const [row] = await tx
        .select()
        .from(activations)
        .where(eq(activations.id, activation.id))
        .for("update");
      return row?.status;
    });
    await locked;
    expect(heldTimers).toBe(1);
    const closing = postJson(`${service.url}/incidents/${other.id}/close`, {}, lead);
    // The close holds the incident and the activation once it either finished or waits for a lock.
    const waitingOnLock = async () => {
      const [row] = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from pg_stat_activity
         where wait_event_type = 'Lock' and datname = current_database()`);
      return (row?.n ?? 0) > 0;
    };
    let closeDone = false;
    void closing.finally(() => {
      closeDone = true;
    });
    await waitFor(async () => closeDone || (await waitingOnLock()));
    release();

    const closed = await closing;
    expect(closed.status, await closed.clone().text()).toBe(200);
    // The worker then finds the activation closed, and its step does nothing.
    expect(await worker).toBe("closed");
    expect((await read(activation.id)).status).toBe("closed");
  });

  it("moves the meeting place: those who accepted are sent it once, a later yes is told it, nobody else", async () => {
    const management = await decide({ needed: 1 });
    const activation = await decide(
      {
        group: "support-persons",
        parentActivationId: management.id,
        needed: 2,
        meetingPlace: "Kommunhuset, entrén",
      },
      member,
    );
    const first = await waitFor(async () => {
      const m = await outbox(service.url, activation.id, lead);
      return m.length === 2 && m;
    });
    const link = (personId: string) =>
      linkOn(service.url, first.find((m) => m.personId === personId)?.answerLink ?? "");
    const sara = link(people.sp1);
    const sven = link(people.sp2);
    expect((await postJson(sara.url, { token: sara.token, answer: "accept", etaMinutes: 10 })).status).toBe(
      200,
    );

    const url = `${service.url}/activations/${activation.id}/meeting-place`;
    const place = "Laholms kyrka, församlingshemmet";
    const moved = await postJson(url, { meetingPlace: place }, lead);
    expect(moved.status, await moved.clone().text()).toBe(200);
    expect(MeetingPlaceChange.parse(await moved.json())).toEqual({
      activationId: activation.id,
      meetingPlace: place,
      told: 1,
    });
    expect((await read(activation.id)).meetingPlace).toBe(place);
    // Sara, who is coming, gets the new place by text; Sven, not yet answered, gets nothing new.
    const notices = await waitFor(async () => {
      const m = (await outbox(service.url, activation.id, lead)).filter(
        (x) => x.messageId !== first[0]?.messageId && x.messageId !== first[1]?.messageId,
      );
      return m.length === 1 && m;
    });
    expect(notices[0]).toMatchObject({ personId: people.sp1, channel: "sms" });
    expect(notices[0]?.body).toContain(`ny samlingsplats för POSOM stödpersoner, kommun-1381`);
    expect(notices[0]?.body).toContain(place);
    // Its link opens Sara's answer page, which says where to go now.
    const notice = linkOn(service.url, notices[0]?.answerLink ?? "");
    const page = await fetch(`${notice.url}?token=${encodeURIComponent(notice.token)}`, {
      headers: { Accept: "application/json" },
    });
    expect(AnswerLinkState.parse(await page.json())).toMatchObject({
      answer: "accepted",
      assignment: { meetingPlace: place },
    });
    // Sven says yes later and is told the new place.
    const later = await postJson(sven.url, { token: sven.token, answer: "accept" });
    expect(AnswerResult.parse(await later.json()).assignment?.meetingPlace).toBe(place);

    // The same place again sends nothing; the event carries ids and a count, not the place.
    const again = await postJson(url, { meetingPlace: ` ${place} ` }, lead);
    expect(MeetingPlaceChange.parse(await again.json()).told).toBe(0);
    const changed = await waitFor(() =>
      events.filter(
        (e) =>
          e.type === "activation.meeting-place-changed" &&
          (e.data as { activationId: string }).activationId === activation.id,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changed.map((e) => e.data)).toEqual([
      { activationId: activation.id, incidentId: incident.id, group: "support-persons", told: 1 },
    ]);
    expect(JSON.stringify(changed)).not.toContain("kyrka");
    expect(await outbox(service.url, activation.id, lead)).toHaveLength(3);

    // Refused: no place (400 naming the field), another organisation (403), a closed activation (409).
    const empty = await postJson(url, { meetingPlace: "" }, lead);
    expect(empty.status).toBe(400);
    expect(Problem.parse(await empty.json()).errors?.map((e) => e.field)).toEqual(["meetingPlace"]);
    expect((await postJson(url, { meetingPlace: "Halmstads rådhus" }, halmstad)).status).toBe(403);
    expect((await postJson(`${service.url}/activations/${activation.id}/close`, {}, lead)).status).toBe(200);
    expect((await postJson(url, { meetingPlace: "Någon annanstans" }, lead)).status).toBe(409);
    expect((await read(activation.id)).meetingPlace).toBe(place);
  });

  it("closes an activation while the sender holds one of its messages, without waiting for the provider; nothing more goes out", async () => {
    const { activation } = await activationOfItsOwn("Brand i Hishults kyrka", "Brand i kyrkan");
    await waitFor(async () => (await outbox(service.url, activation.id, lead)).length > 0);
    const { db } = service.context.database;
    const later = new Date(Date.now() + 3_600_000);
    const message = (id: string, minute: number) => ({
      id,
      activationId: activation.id,
      personId: people.lg2,
      channel: "sms",
      to: "+46700000000",
      subject: "Inkallelse",
      body: `Test ${minute}`,
      answerLink: "https://krisstod.example/x",
      status: "pending",
      nextAttemptAt: later,
    });
    const [inFlight, queued, retry] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await db.insert(messages).values([message(inFlight, 1), message(queued, 2)]);

    // The sender's hold on a message while the provider answers (workers/sender.ts).
    const { open: release, opened: released } = gate();
    const { open: held, opened: holding } = gate();
    const sender = db.transaction(async (tx) => {
      await tx.select().from(messages).where(eq(messages.id, inFlight)).for("update");
      held();
      await released;
      await tx.update(messages).set({ status: "sent" }).where(eq(messages.id, inFlight));
    });
    await holding;
    const closing = postJson(`${service.url}/activations/${activation.id}/close`, {}, lead);
    const outcome = await Promise.race([
      closing.then((r) => r.status),
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 5_000)),
    ]);
    release();
    await sender;
    expect(outcome).toBe(200);
    const statusOf = async (id: string) =>
      (await db.select({ status: messages.status }).from(messages).where(eq(messages.id, id)))[0]?.status;
    expect(await statusOf(inFlight)).toBe("sent");
    expect(await statusOf(queued)).toBe("cancelled");

    // A message of the closed activation that is due (a retry) is not handed to the provider.
    await db.insert(messages).values({ ...message(retry, 3), nextAttemptAt: new Date() });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await statusOf(retry)).toBe("pending");
    expect(await db.select().from(devOutbox).where(eq(devOutbox.messageId, retry))).toEqual([]);
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
    const ns = await createTestNamespace();
    stops.push(await startRosterStub(ns.natsUrl, ns.natsNamespace));
    ({
      as: { lead, chief },
      events,
    } = await signInAndWatch(ns, { lead: signIn.laholmLead, chief: signIn.laholmChief }));
    service = await startService(
      createActivationService({
        CALLOUT_WAIT_MS: String(WAIT_MS),
        SENDER_POLL_MS: "25",
        TIMER_POLL_MS: "25",
      }),
      ns.serviceEnv(),
    );
    stops.push(service.stop);
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
