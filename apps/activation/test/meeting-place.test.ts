import {
  AnswerLinkState,
  AnswerResult,
  MeetingPlaceChange,
  MyAssignments,
  Problem,
} from "@krisstod/contracts";
import { hallandPeople as people, waitFor } from "@krisstod/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../src/db/schema.ts";
import { type EscalationFixture, startEscalationFixture } from "./escalation-fixture.ts";
import { linkOn, outbox, postJson, signIn } from "./support.ts";

/**
 * The meeting place of a decision, told to whoever accepts (in the answer and on the answer link)
 * and sent again when it moves, and a person's own assignments (GET /me/assignments).
 */
describe("the meeting place and a support person's own assignments", () => {
  let f: EscalationFixture;
  let ns: EscalationFixture["ns"];
  let service: EscalationFixture["service"];
  let incident: EscalationFixture["incident"];
  let events: EscalationFixture["events"];
  let lead: EscalationFixture["lead"];
  let chief: EscalationFixture["chief"];
  let member: EscalationFixture["member"];
  let halmstad: EscalationFixture["halmstad"];
  let support: EscalationFixture["support"];
  let decide: EscalationFixture["decide"];
  let read: EscalationFixture["read"];

  beforeAll(async () => {
    f = await startEscalationFixture();
    ({ ns, service, incident, events, lead, chief, member, halmstad, support, decide, read } = f);
  });
  afterAll(() => f?.stop());

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
    expect(form.headers.get("content-type")).toBe("text/html; charset=UTF-8");
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
      etaMinutes: 20,
      closedAt: null,
      incident: { title: "Övning: brand i Veinge skola", address: "Skolvägen 1, Veinge" },
    });
    // Still open: calling, or — once the step Sven's "no" scheduled has run — nobody left to call.
    expect(["calling", "unreachable"]).toContain(mine.assignments[0]?.activationStatus);
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
});
