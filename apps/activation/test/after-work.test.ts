import { createEvent } from "@krisstod/bus";
import { type Activation, type Evaluation, type Participant, StaffCheckedIn } from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { hallandPeople as people, waitFor } from "@krisstod/testing";
import { and, eq, isNull } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCentreStaff } from "../src/after-work/centre-staff.ts";
import { callOuts, debriefOffers, messages, timers } from "../src/db/schema.ts";
import { laholmIncident, linkOn, outbox, postJson, signIn, startActivationWithRoster } from "./support.ts";

/** Closing an activation, with the reporting service that does the after-work, over real NATS. */
describe("closing an activation starts the after-work", () => {
  const stops: (() => Promise<void>)[] = [];
  let activation: RunningService;
  let reporting: RunningService;
  let lead: Record<string, string>;
  let chief: Record<string, string>;
  let halmstad: Record<string, string>;

  beforeAll(async () => {
    const running = await startActivationWithRoster(
      { CALLOUT_WAIT_MS: "60000", TIMER_POLL_MS: "25", SENDER_POLL_MS: "25", EVALUATION_DUE_DAYS: "10" },
      { lead: signIn.laholmLead, chief: signIn.laholmChief, halmstad: signIn.halmstadLead },
    );
    stops.push(running.stop);
    activation = running.service;
    ({ lead, chief, halmstad } = running.as);
    reporting = await startService(reportingService, running.ns.serviceEnv());
    stops.push(reporting.stop);
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const get = async <T>(url: string, headers: Record<string, string>): Promise<T> => {
    const response = await fetch(url, { headers });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  async function decide(incidentId: string, needed: number): Promise<Activation> {
    const response = await postJson(
      `${activation.url}/activations`,
      { incidentId, group: "management", reason: "Bussolycka", needed },
      chief,
    );
    expect(response.status).toBe(201);
    return (await response.json()) as Activation;
  }
  async function smsTo(activationId: string, personId: string) {
    return waitFor(async () =>
      (await outbox(activation.url, activationId, lead)).find(
        (m) => m.personId === personId && m.channel === "sms",
      ),
    );
  }
  async function answer(activationId: string, personId: string, body: Record<string, unknown>) {
    const link = linkOn(activation.url, (await smsTo(activationId, personId)).answerLink);
    return postJson(link.url, { token: link.token, ...body });
  }
  async function newIncident(): Promise<string> {
    const response = await postJson(`${activation.url}/incidents`, laholmIncident, lead);
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  it("stops the call-out, refuses a second close, and reporting creates the evaluation and debrief offers", async () => {
    const incidentId = await newIncident();
    const decided = await decide(incidentId, 2);
    expect((await answer(decided.id, people.lg1, { answer: "accept", etaMinutes: 20 })).status).toBe(200);
    await smsTo(decided.id, people.lg2); // called, not answered yet

    // Another organisation's lead may not close it.
    const foreign = await postJson(`${activation.url}/activations/${decided.id}/close`, {}, halmstad);
    expect(foreign.status).toBe(403);

    const closing = await fetch(`${activation.url}/activations/${decided.id}/close`, {
      method: "POST",
      headers: lead,
    });
    expect(closing.status).toBe(200);
    const closed = (await closing.json()) as Activation;
    expect(closed).toMatchObject({ status: "closed", counts: { accepted: 1, awaiting: 1, queued: 1 } });
    expect(closed.closedAt).toBeTruthy();
    expect(closed.callOuts).toEqual([]); // counts only; names through GET /activations/:id

    const again = await postJson(`${activation.url}/activations/${decided.id}/close`, {}, lead);
    expect(again.status).toBe(409);
    // The person still awaited can no longer answer, and nobody further is called.
    expect((await answer(decided.id, people.lg2, { answer: "accept" })).status).toBe(409);
    const { db } = activation.context.database;
    expect(
      await db
        .select()
        .from(timers)
        .where(and(eq(timers.activationId, decided.id), isNull(timers.processedAt))),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.activationId, decided.id),
            eq(messages.kind, "call-out"),
            eq(messages.status, "pending"),
          ),
        ),
    ).toEqual([]); // the debrief offers written after the close are another kind, and are meant to go
    const lg3 = await db
      .select({ status: callOuts.status })
      .from(callOuts)
      .where(and(eq(callOuts.activationId, decided.id), eq(callOuts.personId, people.lg3)));
    expect(lg3).toEqual([{ status: "queued" }]);

    // Reporting: an evaluation owned by the decider (by function), due 10 days after closing…
    const evaluation = await waitFor(async () =>
      (await get<Evaluation[]>(`${reporting.url}/evaluations`, lead)).find((e) =>
        e.activationIds.includes(decided.id),
      ),
    );
    expect(evaluation).toMatchObject({
      organisationIds: ["kommun-1381"],
      ownerName: "Kommunchef",
      ownerPersonId: people.kommunchef,
      status: "open",
      exercise: false,
    });
    const dueInDays = (Date.parse(evaluation.dueAt) - Date.parse(closed.closedAt ?? "")) / 86_400_000;
    expect(dueInDays).toBe(10);
    // …and a debrief offered to the one who accepted, nobody else.
    const participants = await waitFor(async () => {
      const list = await get<Participant[]>(`${reporting.url}/activations/${decided.id}/participants`, lead);
      return list.length > 0 && list.every((p) => p.debrief.status === "offered") && list;
    });
    expect(participants.map((p) => p.personId)).toEqual([people.lg1]);
  });

  it("offers a debrief to centre staff whose shift is told while the work is being closed", async () => {
    const incidentId = await newIncident();
    const decided = await decide(incidentId, 1);
    const staffPerson = "kommun-1381.centre-staff";
    const shiftId = uuidv7();
    const told = createEvent(StaffCheckedIn, {
      organisationId: "kommun-1381",
      countyCode: "13",
      aggregateId: shiftId,
      data: {
        shiftId,
        centreId: uuidv7(),
        incidentId,
        personId: staffPerson,
        homeOrganisationId: "kommun-1381",
        viaMutualAid: false,
        checkedInAt: new Date().toISOString(),
      },
    });
    const { db } = activation.context.database;
    // The shift is being kept (its transaction still open) when the lead closes the work.
    let closing: Promise<Response> | undefined;
    await db.transaction(async (tx) => {
      await recordCentreStaff(activation.context.outbox)(tx, told);
      closing = fetch(`${activation.url}/activations/${decided.id}/close`, { method: "POST", headers: lead });
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    expect((await closing)?.status).toBe(200);
    const offers = await db
      .select({ via: debriefOffers.via })
      .from(debriefOffers)
      .where(and(eq(debriefOffers.incidentId, incidentId), eq(debriefOffers.personId, staffPerson)));
    expect(offers).toEqual([{ via: "centre-shift" }]);
  });

  it("stands down the support persons with their ledningsgrupp, all under one evaluation", async () => {
    const incidentId = await newIncident();
    const management = await decide(incidentId, 1);
    expect((await answer(management.id, people.lg1, { answer: "accept" })).status).toBe(200);
    const support = await postJson(
      `${activation.url}/activations`,
      {
        incidentId,
        group: "support-persons",
        reason: "Stödpersoner till samlingsplatsen",
        needed: 2,
        parentActivationId: management.id,
      },
      chief,
    );
    expect(support.status).toBe(201);
    const supportId = ((await support.json()) as Activation).id;
    expect((await answer(supportId, people.sp1, { answer: "accept", etaMinutes: 15 })).status).toBe(200);

    expect((await postJson(`${activation.url}/activations/${management.id}/close`, {}, chief)).status).toBe(
      200,
    );
    const stoodDown = await get<Activation>(`${activation.url}/activations/${supportId}`, lead);
    expect(stoodDown.status).toBe("closed");
    expect((await answer(supportId, people.sp2, { answer: "accept" })).status).toBe(409);

    // Both the ledningsgrupp member and the support person are offered a debrief, on the root.
    const participants = await waitFor(async () => {
      const list = await get<Participant[]>(
        `${reporting.url}/activations/${management.id}/participants`,
        lead,
      );
      return list.length === 2 && list.every((p) => p.debrief.status === "offered") && list;
    });
    expect(participants.map((p) => p.personId).sort()).toEqual([people.lg1, people.sp1].sort());
    const evaluations = (await get<Evaluation[]>(`${reporting.url}/evaluations`, lead)).filter(
      (e) => e.activationIds.includes(management.id) || e.activationIds.includes(supportId),
    );
    expect(evaluations.map((e) => e.activationIds)).toEqual([[management.id]]);
  });

  it("takes an evaluation due date from the close, and refuses a bad one naming the field", async () => {
    const decided = await decide(await newIncident(), 1);
    const bad = await postJson(
      `${activation.url}/activations/${decided.id}/close`,
      { evaluationDueAt: "next week" },
      chief,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("evaluationDueAt");
    const dueAt = "2027-01-15T12:00:00.000Z";
    const ok = await postJson(
      `${activation.url}/activations/${decided.id}/close`,
      { evaluationDueAt: dueAt },
      chief,
    );
    expect(ok.status).toBe(200);
    const evaluation = await waitFor(async () =>
      (await get<Evaluation[]>(`${reporting.url}/evaluations`, lead)).find((e) =>
        e.activationIds.includes(decided.id),
      ),
    );
    expect(evaluation.dueAt).toBe(dueAt);
  });

  it("closing the incident closes its activations with the same after-work", async () => {
    const incidentId = await newIncident();
    const decided = await decide(incidentId, 1);
    expect((await answer(decided.id, people.lg1, { answer: "accept" })).status).toBe(200);
    const closing = await postJson(`${activation.url}/incidents/${incidentId}/close`, {}, lead);
    expect(closing.status).toBe(200);
    const after = await get<Activation>(`${activation.url}/activations/${decided.id}`, lead);
    expect(after.status).toBe("closed");
    expect((await postJson(`${activation.url}/activations/${decided.id}/close`, {}, lead)).status).toBe(409);
    const evaluation = await waitFor(async () =>
      (await get<Evaluation[]>(`${reporting.url}/evaluations`, lead)).find((e) =>
        e.activationIds.includes(decided.id),
      ),
    );
    expect(evaluation.ownerName).toBe("Kommunchef");
    const participants = await waitFor(async () => {
      const list = await get<Participant[]>(`${reporting.url}/activations/${decided.id}/participants`, lead);
      return list.some((p) => p.debrief.status === "offered") && list;
    });
    expect(participants.map((p) => [p.personId, p.debrief.status])).toEqual([[people.lg1, "offered"]]);
  });
});
