import { sealAuditChain, verifyAuditChain } from "@krisstod/audit";
import { natsConnectOptions } from "@krisstod/bus";
import type { VisitorSummary } from "@krisstod/contracts";
import { connectDatabase } from "@krisstod/db";
import { type RunningService, startService } from "@krisstod/runtime";
import { type Answer, type Client, client, createTestNamespace, waitFor, within } from "@krisstod/testing";
import { connect } from "@nats-io/transport-node";
import { count, eq, inArray, max } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit, auditLog, incidentLocations, visitorPersonalData, visitors } from "../src/db/schema.ts";
import { purgeExpiredPersonalData } from "../src/retention/retention.ts";
import { createSupportCentresService } from "../src/service.ts";
import { createArrivalRecorder } from "../src/visitors/arrival.ts";
import { centreBody, people, publishIncidentOpened } from "./helpers.ts";

const { halmstadPosomLead, halmstadStaff, regionPklLead, regionStaff, countyObserver, varbergPosomLead } =
  people;

// Personal data used below; none of it may appear outside the receiving organisation.
const anna = {
  name: "Anna Lindqvist",
  personnummer: "19850709-1232",
  phone: "070-123 45 67",
  relation: "relative",
};
const erik = { name: "Erik Lindqvist", personnummer: "19900101-9877", relation: "affected" };
// Many visitors at once, named apart from Anna and Erik, whom other tests look for.
const visitorNo = (i: number) => ({ name: `Besökare ${i}`, dateOfBirth: "1990-01-01", relation: "affected" });
const SECRETS = ["Lindqvist", "198507091232", "19850709-1232", "850709", "+46701234567", "199001019877"];

describe("support centres", () => {
  let service: RunningService;
  let api: Client;
  const published: string[] = [];
  let incidentId: string;
  // Halmstad: the scene; the theatre is ~1 km away.
  const scene = { lat: 56.6745, lon: 12.8578 + 0.016 };

  beforeAll(async () => {
    const ns = await createTestNamespace();
    // Every message on the namespace's events, to prove no personal data is ever published.
    const watcher = await connect(natsConnectOptions(ns.natsUrl));
    const subscription = watcher.subscribe(`${ns.natsNamespace}.events.>`);
    (async () => {
      for await (const message of subscription) published.push(message.string());
    })();
    afterAll(() => watcher.close());
    service = await startService(
      createSupportCentresService({
        CENTRE_MIN_DISTANCE_FROM_INCIDENT_M: "300",
        // Occupancy published on a short clock, so that other organisations see it within the test.
        OCCUPANCY_PUBLISH_INTERVAL_MS: "200",
      }),
      ns.serviceEnv(),
    );
    api = client(service, ns.issuer);
    incidentId = await publishIncidentOpened(service, scene);
    const { db } = service.context.database;
    await waitFor(
      async () =>
        (await db.select().from(incidentLocations).where(eq(incidentLocations.incidentId, incidentId)))[0],
      { message: "incident location learnt from incident.opened" },
    );
  });
  afterAll(() => service?.stop());

  async function openCentre(body: Record<string, unknown>, who = halmstadPosomLead) {
    const created = await api.as(who).post("/centres", centreBody(incidentId, body));
    expect(created.status).toBe(201);
    const opened = await api.as(who).post(`/centres/${created.json.id}/open`);
    expect(opened.json.status).toBe("open");
    return created.json.id as string;
  }

  const pklCentre = {
    operator: "pkl",
    posomOrganisationId: undefined,
    pklOrganisationId: "region-13",
    name: "Hallands sjukhus Halmstad",
    location: { lat: 56.6797, lon: 12.8726 },
  };

  it("refuses a centre at the scene and accepts one a safe distance away", async () => {
    const atScene = await api
      .as(halmstadPosomLead)
      .post("/centres", centreBody(incidentId, { location: { lat: scene.lat + 0.0005, lon: scene.lon } }));
    expect(atScene.status).toBe(422);
    expect(atScene.json.errors.map((e: { field: string }) => e.field)).toContain("location");
    expect(atScene.json.detail).toMatch(/scene/);

    const away = await api.as(halmstadPosomLead).post("/centres", centreBody(incidentId));
    expect(away.status).toBe(201);
    expect(away.json).toMatchObject({ status: "planned", placementWarning: null });
    expect(away.json.distanceFromIncidentMetres).toBeGreaterThan(900);
  });

  it("PKL refuses an anonymous visitor; POSOM accepts one", async () => {
    const pkl = await openCentre(pklCentre, regionPklLead);
    const refused = await api.as(regionStaff).post(`/centres/${pkl}/visitors`, {});
    expect(refused.status).toBe(422);
    expect(refused.json.errors[0].field).toBe("registration");

    const posom = await openCentre({});
    const accepted = await api.as(halmstadStaff).post(`/centres/${posom}/visitors`, {});
    expect(accepted.status).toBe(201);
    expect(accepted.json).toMatchObject({ registered: false, receivedBy: "posom" });
  });

  it("opens a joint centre only once the named co-operator accepted, and says so in an event", async () => {
    const created = await api
      .as(halmstadPosomLead)
      .post("/centres", centreBody(incidentId, { operator: "joint", pklOrganisationId: "region-13" }));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.json.partnership).toEqual({
      organisationId: "region-13",
      status: "pending",
      answeredAt: null,
    });
    const early = await api.as(halmstadPosomLead).post(`/centres/${id}/open`);
    expect(early.status).toBe(409);
    expect(early.json.code).toBe("partner-not-accepted");
    // Only the named organisation answers, on its own side, and once.
    expect(
      (await api.as(halmstadPosomLead).post(`/centres/${id}/partnership`, { answer: "accept" })).status,
    ).toBe(403);
    expect(
      (await api.as(varbergPosomLead).post(`/centres/${id}/partnership`, { answer: "accept" })).status,
    ).toBe(403);
    expect((await api.as(regionStaff).post(`/centres/${id}/partnership`, { answer: "accept" })).status).toBe(
      403,
    );
    const bad = await api.as(regionPklLead).post(`/centres/${id}/partnership`, { answer: "maybe" });
    expect(bad.status).toBe(400);
    const accepted = await api.as(regionPklLead).post(`/centres/${id}/partnership`, { answer: "accept" });
    expect(accepted.status).toBe(200);
    expect(accepted.json.partnership).toMatchObject({ organisationId: "region-13", status: "accepted" });
    expect(
      (await api.as(regionPklLead).post(`/centres/${id}/partnership`, { answer: "decline" })).status,
    ).toBe(409);
    await waitFor(() =>
      published.some((m) => m.includes(id) && m.includes('"centre.changed"') && m.includes('"accepted"')),
    );
    expect((await api.as(halmstadPosomLead).post(`/centres/${id}/open`)).json.status).toBe("open");

    // A declined partnership keeps the centre from opening; its creator calls it off.
    const other = await api
      .as(halmstadPosomLead)
      .post("/centres", centreBody(incidentId, { operator: "joint", pklOrganisationId: "region-13" }));
    const declined = await api.as(regionPklLead).post(`/centres/${other.json.id}/partnership`, {
      answer: "decline",
    });
    expect(declined.json.partnership.status).toBe("declined");
    expect((await api.as(halmstadPosomLead).post(`/centres/${other.json.id}/open`)).status).toBe(409);
    expect((await api.as(halmstadPosomLead).post(`/centres/${other.json.id}/close`)).json.status).toBe(
      "closed",
    );
  });

  it("in a joint centre the registration rule follows who receives the visitor", async () => {
    const planned = await api
      .as(halmstadPosomLead)
      .post("/centres", centreBody(incidentId, { operator: "joint", pklOrganisationId: "region-13" }));
    await api.as(regionPklLead).post(`/centres/${planned.json.id}/partnership`, { answer: "accept" });
    expect((await api.as(halmstadPosomLead).post(`/centres/${planned.json.id}/open`)).json.status).toBe(
      "open",
    );
    const joint = planned.json.id as string;
    const byPkl = await api.as(regionStaff).post(`/centres/${joint}/visitors`, { receivedBy: "pkl" });
    expect(byPkl.status).toBe(422);
    const byPosom = await api.as(halmstadStaff).post(`/centres/${joint}/visitors`, { receivedBy: "posom" });
    expect(byPosom.status).toBe(201);
    // The region cannot register a visitor on the municipality's side.
    const wrongSide = await api.as(regionStaff).post(`/centres/${joint}/visitors`, { receivedBy: "posom" });
    expect(wrongSide.status).toBe(403);
  });

  it("checks the personnummer's check digit and accepts a samordningsnummer", async () => {
    const centre = await openCentre({});
    const wrong = await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {
      registration: { ...anna, personnummer: "19850709-1233" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors[0].field).toBe("registration.personnummer");
    expect(wrong.text).not.toContain("1233"); // the number is not echoed
    const samordning = await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {
      registration: { name: "Ali Hassan", personnummer: "701063-2391", relation: "witness" },
    });
    expect(samordning.status).toBe(201);
    const badPhone = await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {
      registration: { ...anna, phone: "12" },
    });
    expect(badPhone.json.errors[0].field).toBe("registration.phone");
  });

  it("counts arrivals and departures as live occupancy", async () => {
    const centre = await openCentre({});
    const arrivals = [];
    for (let i = 0; i < 6; i++)
      arrivals.push((await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {})).json);
    await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { registration: anna });
    await api.as(halmstadStaff).post(`/centres/${centre}/visitors/${arrivals[0].id}/departure`);
    const again = await api.as(halmstadStaff).post(`/centres/${centre}/visitors/${arrivals[0].id}/departure`);
    expect(again.status).toBe(409);

    const seen = await api.as(halmstadPosomLead).get(`/centres/${centre}`);
    expect(seen.json.countsSuppressed).toBe(false);
    expect(seen.json.counts).toEqual({
      present: 6,
      total: 7,
      children: 0,
      registered: 1,
      anonymous: 6,
      unaccompaniedChildren: 0,
      phoneContacts: 0,
    });
  });

  it("counts concurrent registrations exactly, each with one audit row, and refuses arrivals once closed", async () => {
    const centre = await openCentre(pklCentre, regionPklLead);
    const { db } = service.context.database;
    const auditRows = async () => (await db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;
    const before = await auditRows();
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        api.as(regionStaff).post(`/centres/${centre}/visitors`, { registration: anna }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(201));
    const seen = await api.as(regionPklLead).get(`/centres/${centre}`);
    expect(seen.json.counts).toMatchObject({ present: 12, total: 12, registered: 12, anonymous: 0 });
    expect(await auditRows()).toBe(before + 12);
    // Sealed into the chain after commit, without the registrations waiting for each other.
    await sealAuditChain(db, audit, { wait: true });
    expect(await verifyAuditChain(db, audit)).toMatchObject({ ok: true, unsealed: 0 });

    for (const r of responses)
      await api.as(regionStaff).post(`/centres/${centre}/visitors/${r.json.id}/departure`);
    expect((await api.as(regionPklLead).post(`/centres/${centre}/close`)).json.status).toBe("closed");
    const late = await api.as(regionStaff).post(`/centres/${centre}/visitors`, { registration: anna });
    expect(late.status).toBe(409);
    expect(await auditRows()).toBe(before + 12);
  });

  it("records 200 arrivals at once over four centres exactly once each, counted and audited, and refuses those after one of them closes", async () => {
    const { db } = service.context.database;
    const wards = [
      await openCentre({ ...pklCentre, name: "Hallands sjukhus Halmstad, avdelning 1" }, regionPklLead),
      await openCentre({ ...pklCentre, name: "Hallands sjukhus Halmstad, avdelning 2" }, regionPklLead),
    ];
    const theatre = await openCentre({ name: "Stödcentrum Halmstad teater, foajén" });
    // The telephone line closes while calls to it are being logged (calls are not present, so it can).
    const line = await openCentre({ ...pklCentre, name: "Hallands sjukhus, telefonlinje 2" }, regionPklLead);
    const arrive = (i: number) => {
      const registration = visitorNo(i);
      if (i % 4 === 3) return api.as(regionStaff).post(`/centres/${line}/phone-contacts`, { registration });
      if (i % 4 === 2)
        return api
          .as(halmstadStaff)
          .post(`/centres/${theatre}/visitors`, i % 8 === 2 ? { registration } : {});
      return api.as(regionStaff).post(`/centres/${wards[i % 4]}/visitors`, { registration });
    };
    const calls = (answers: Answer[]) => answers.filter((_, i) => i % 4 === 3);

    const first = Array.from({ length: 100 }, (_, i) => arrive(i));
    // Close once the first calls were logged, with the rest of the 200 still arriving.
    await Promise.all(first.filter((_, i) => i % 4 === 3).slice(0, 3));
    const closing = api.as(regionPklLead).post(`/centres/${line}/close`);
    const answers = await Promise.all([...first, ...Array.from({ length: 100 }, (_, i) => arrive(100 + i))]);
    const closed = await closing;
    const late = await Promise.all(Array.from({ length: 8 }, (_, i) => arrive(200 + 4 * i + 3)));

    expect(closed.json.status).toBe("closed");
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 201) continue;
      // Only calls to the line that closed are refused, each saying why.
      expect([i % 4, answer.status, answer.json.code]).toEqual([3, 409, "centre-not-open"]);
      expect(answer.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(late.map((a) => [a.status, a.json.code])).toEqual(Array(8).fill([409, "centre-not-open"]));
    const logged = calls(answers).filter((a) => a.status === 201);
    expect(logged.length).toBeGreaterThanOrEqual(3);
    // The close counted every call recorded before it, and none came after.
    expect(closed.json.counts.phoneContacts).toBe(logged.length);

    const recorded = answers.filter((a) => a.status === 201).map((a) => a.json as VisitorSummary);
    const ids = recorded.map((v) => v.id);
    expect(new Set(ids).size).toBe(recorded.length);
    const rows = await db
      .select({ id: visitors.id, centreId: visitors.centreId })
      .from(visitors)
      .where(inArray(visitors.centreId, [...wards, theatre, line]));
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const registeredIds = recorded.filter((v) => v.registered).map((v) => v.id);
    const personal = await db
      .select({ id: visitorPersonalData.visitorId })
      .from(visitorPersonalData)
      .where(inArray(visitorPersonalData.visitorId, ids));
    expect(personal.map((r) => r.id).sort()).toEqual([...registeredIds].sort());
    const audited = await db
      .select({ id: auditLog.subjectId, action: auditLog.action, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(inArray(auditLog.subjectId, ids));
    expect(audited.map((r) => r.id).sort()).toEqual([...registeredIds].sort());
    expect(new Set(audited.map((r) => r.action))).toEqual(new Set(["write"]));

    const at = (centre: string) => recorded.filter((v) => v.centreId === centre);
    for (const ward of wards) {
      const n = at(ward).length;
      expect(n).toBe(50);
      expect((await api.as(regionPklLead).get(`/centres/${ward}`)).json.counts).toMatchObject({
        present: n,
        total: n,
        registered: n,
        anonymous: 0,
        phoneContacts: 0,
      });
    }
    const named = at(theatre).filter((v) => v.registered).length;
    expect((await api.as(halmstadPosomLead).get(`/centres/${theatre}`)).json.counts).toMatchObject({
      present: 50,
      total: 50,
      registered: named,
      anonymous: 50 - named,
    });
    expect(named).toBe(25);
  });

  it("registers a visitor whose name PostgreSQL's JSON refuses without failing those arriving with them", async () => {
    const centre = await openCentre(
      { ...pklCentre, name: "Hallands sjukhus Halmstad, avdelning 3" },
      regionPklLead,
    );
    // A lone UTF-16 surrogate (a mangled emoji from a phone's keyboard) fails the whole group's
    // statement; every arrival of the group is then recorded on its own.
    const names = Array.from({ length: 24 }, (_, i) => (i === 12 ? "Besökare \ud83d" : `Besökare ${i}`));
    const answers = await Promise.all(
      names.map((name) =>
        api.as(regionStaff).post(`/centres/${centre}/visitors`, { registration: { ...visitorNo(0), name } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(24).fill(201));
    const ids = answers.map((a) => a.json.id as string);
    const { db } = service.context.database;
    const rows = await db.select({ id: visitors.id }).from(visitors).where(eq(visitors.centreId, centre));
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const audited = await db
      .select({ id: auditLog.subjectId })
      .from(auditLog)
      .where(inArray(auditLog.subjectId, ids));
    expect(audited.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect((await api.as(regionPklLead).get(`/centres/${centre}`)).json.counts).toMatchObject({
      present: 24,
      registered: 24,
    });
  });

  it("logs calls to PKL's telephone line as contacts under PKL's registration rule", async () => {
    const pkl = await openCentre(
      { ...pklCentre, name: "Hallands sjukhus Halmstad, telefonlinje" },
      regionPklLead,
    );
    const anonymous = await api.as(regionStaff).post(`/centres/${pkl}/phone-contacts`, {});
    expect(anonymous.status).toBe(422);
    const call = await api.as(regionStaff).post(`/centres/${pkl}/phone-contacts`, {
      registration: { ...anna, lookingFor: "Erik Lindqvist" },
    });
    expect(call.status).toBe(201);
    expect(call.json).toMatchObject({ channel: "phone", registered: true });
    const counts = (await api.as(regionPklLead).get(`/centres/${pkl}`)).json.counts;
    expect(counts).toMatchObject({ phoneContacts: 1, present: 0, total: 0 });
    // The caller can be found for reunification like any registered visitor.
    const search = await api
      .as(regionStaff)
      .post("/reunification/searches", { incidentId, name: "Anna Lindq" });
    expect(search.json.candidates.map((c: { visitorId: string }) => c.visitorId)).toContain(call.json.id);
  });

  it("flags an unaccompanied child until a guardian is linked, and logs the handover", async () => {
    const centre = await openCentre({});
    const child = (await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { child: { age: 7 } }))
      .json;
    expect(child.unaccompanied).toBe(true);
    const flagged = await api.as(halmstadStaff).get(`/centres/${centre}/visitors?unaccompanied=true`);
    expect(flagged.json.map((v: { id: string }) => v.id)).toEqual([child.id]);
    expect((await api.as(halmstadStaff).get(`/centres/${centre}`)).json.counts.unaccompaniedChildren).toBe(1);

    const parent = (await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { registration: anna }))
      .json;
    const linked = await api.as(halmstadStaff).post(`/centres/${centre}/visitors/${child.id}/guardian`, {
      guardianVisitorId: parent.id,
    });
    expect(linked.json).toMatchObject({ unaccompanied: false, guardianVisitorId: parent.id });
    expect((await api.as(halmstadStaff).get(`/centres/${centre}/visitors?unaccompanied=true`)).json).toEqual(
      [],
    );
    expect((await api.as(halmstadStaff).get(`/centres/${centre}`)).json.counts.unaccompaniedChildren).toBe(0);

    // A child does not just leave: the handover is logged (to whom, checked how, by whom).
    expect(
      (await api.as(halmstadStaff).post(`/centres/${centre}/visitors/${child.id}/departure`)).status,
    ).toBe(409);
    const handover = await api.as(halmstadStaff).post(`/centres/${centre}/visitors/${child.id}/handovers`, {
      handedToName: anna.name,
      handedToRelation: "mother",
      verifiedHow: "id-document",
    });
    expect(handover.status).toBe(201);
    expect(handover.json.handedOverBy).toBe(halmstadStaff.name);
    expect((await api.as(halmstadStaff).get(`/centres/${centre}`)).json.counts.present).toBe(1);
  });

  it("answers a child arriving with a guardian while the database ends the connection it waits for", async () => {
    const centre = await openCentre({});
    const parent = (await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { registration: anna }))
      .json;
    // A pool of one connection, busy, which the database ends while the arrival waits for it (a
    // restart, an administrator). A reservation waiting then was never answered (postgres.js#1195).
    const pool = connectDatabase(service.context.env.DATABASE_URL, { max: 1 });
    const admin = connectDatabase(service.context.env.DATABASE_URL, { max: 1 });
    try {
      const marker = `busy-${Date.now()}`;
      const busy = pool.sql.unsafe(`select pg_sleep(30) as "${marker}"`).catch((error: Error) => error);
      const [holder] = await waitFor(async () => {
        const rows = await admin.sql<{ pid: number }[]>`
          select pid from pg_stat_activity where query like ${`%${marker}%`} and pid <> pg_backend_pid()`;
        return rows.length > 0 ? rows : undefined;
      });
      const arrival = createArrivalRecorder(pool)(halmstadStaff, centre, {
        child: { age: 6 },
        guardianVisitorId: parent.id,
      });
      await admin.sql`select pg_terminate_backend(${holder?.pid ?? 0})`;
      expect(await busy).toBeInstanceOf(Error);
      // It is answered: refused with the database's error (the request was on the ended session)…
      const settled = await within(
        arrival.catch((error: Error) => error),
        10_000,
        "the child's arrival",
      );
      expect(settled).toBeInstanceOf(Error);
      // …and the same arrival again goes through on the pool's new connection.
      const child = await within(
        createArrivalRecorder(pool)(halmstadStaff, centre, {
          child: { age: 6 },
          guardianVisitorId: parent.id,
        }),
        10_000,
        "the arrival again",
      );
      expect(child).toMatchObject({ child: true, guardianVisitorId: parent.id, unaccompanied: false });
      const listed = await api.as(halmstadStaff).get(`/centres/${centre}/visitors`);
      expect(listed.json.filter((v: { child: boolean }) => v.child).map((v: { id: string }) => v.id)).toEqual(
        [child.id],
      );
    } finally {
      await pool.close();
      await admin.close();
    }
  });

  it("shows another organisation and the county board counts only, suppressed below 5", async () => {
    const centre = await openCentre({});
    const registered = (
      await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { registration: anna })
    ).json;
    for (let i = 0; i < 5; i++) await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {});

    for (const outsider of [countyObserver, varbergPosomLead]) {
      // What the occupancy clock published once a tick came after all six arrivals (a tick in
      // between may have shown a total of 5 with 4 anonymous).
      const seen = await waitFor(async () => {
        const response = await api.as(outsider).get(`/centres/${centre}`);
        return response.json.counts.anonymous !== "<5" && response;
      });
      expect(seen.json.countsAsOf).toEqual(expect.any(String));
      expect(seen.status).toBe(200);
      expect(seen.json.countsSuppressed).toBe(true);
      // Six arrivals, one registered: exact figures (total 6, anonymous 5) would give the registered
      // one away by subtraction; in bands of 5 they cannot.
      expect(seen.json.counts).toMatchObject({
        present: 5,
        total: 5,
        registered: "<5",
        anonymous: 5,
        children: "<5",
      });
      const list = await api.as(outsider).get(`/centres?incidentId=${incidentId}`);
      const details = await api.as(outsider).get(`/centres/${centre}/visitors/${registered.id}`);
      const screen = await api.as(outsider).get(`/centres/${centre}/visitors`);
      expect(details.status).toBe(403);
      for (const body of [seen.text, list.text, details.text, screen.text]) {
        for (const secret of SECRETS) expect(body).not.toContain(secret);
      }
    }
  });

  it("keeps a county's centres from a user of another county (need to know)", async () => {
    const centre = await openCentre({});
    const skane = {
      ...varbergPosomLead,
      userId: "kommun-1278.posom-lead",
      organisationId: "kommun-1278",
      countyCode: "12",
    };
    const one = await api.as(skane).get(`/centres/${centre}`);
    expect(one.status).toBe(403);
    expect(one.json.code).toBe("other-county");
    const listed = await api.as(skane).get(`/centres?incidentId=${incidentId}`);
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual([]);
    expect((await api.as(skane).get("/centres?county=13")).status).toBe(403);
    // The county's own organisations still see it.
    expect((await api.as(varbergPosomLead).get(`/centres/${centre}`)).status).toBe(200);
    const county = await api.as(countyObserver).get("/centres?county=13");
    expect((county.json as { id: string }[]).some((c) => c.id === centre)).toBe(true);
  });

  it("gives the receiving organisation a visitor's data, uncached, with exactly one audit row per read", async () => {
    const centre = await openCentre({});
    const visitor = (await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { registration: anna }))
      .json;
    const { db } = service.context.database;
    const auditRows = async () => (await db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;
    const before = await auditRows();

    const read = await api.as(halmstadStaff).get(`/centres/${centre}/visitors/${visitor.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBe("no-store");
    expect(read.json.registration).toMatchObject({
      name: anna.name,
      personnummer: "198507091232",
      phone: "+46701234567",
    });
    expect(await auditRows()).toBe(before + 1);
    const [last] = await db.select().from(auditLog).orderBy(auditLog.id).limit(1).offset(before);
    expect(last).toMatchObject({
      action: "read",
      subjectKind: "visitor",
      subjectId: visitor.id,
      subjectOrganisationId: "kommun-1380",
      actorUserId: halmstadStaff.userId,
    });
    expect(JSON.stringify(last)).not.toContain("Lindqvist");
    await sealAuditChain(db, audit, { wait: true });
    expect(await verifyAuditChain(db, audit)).toMatchObject({ ok: true, unsealed: 0 });
    // Reading it again is a second read: a second row.
    await api.as(halmstadStaff).get(`/centres/${centre}/visitors/${visitor.id}`);
    expect(await auditRows()).toBe(before + 2);
  });

  it("lists the visitors present with their names for the centre's staff, one audit row per named visitor shown", async () => {
    const centre = await openCentre({});
    const named = (await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { registration: anna }))
      .json;
    const anonymous = (await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {})).json;
    const gone = (
      await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {
        registration: { name: "Ali Hassan", personnummer: "701063-2391", relation: "witness" },
      })
    ).json;
    await api.as(halmstadStaff).post(`/centres/${centre}/visitors/${gone.id}/departure`);
    const { db } = service.context.database;
    const auditRows = async () => (await db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;
    const before = await auditRows();

    const present = await api.as(halmstadStaff).get(`/centres/${centre}/visitors?present=true&details=true`);
    expect(present.status).toBe(200);
    expect(present.headers.get("cache-control")).toBe("no-store");
    expect(present.json.map((v: { id: string }) => v.id)).toEqual([named.id, anonymous.id]);
    expect(present.json[0].registration).toMatchObject({ name: anna.name });
    expect(present.json[1].registration).toBeNull();
    // The anonymous visitor holds no personal data: one read, of Anna.
    expect(await auditRows()).toBe(before + 1);
    const [row] = await db.select().from(auditLog).orderBy(auditLog.id).limit(1).offset(before);
    expect(row).toMatchObject({ action: "read", subjectKind: "visitor", subjectId: named.id });
    // The same through its own route (what the typed client calls): one more audited read of Anna.
    const viaRoute = await api.as(halmstadStaff).get(`/centres/${centre}/visitors/details?present=true`);
    expect(viaRoute.status).toBe(200);
    expect(viaRoute.headers.get("cache-control")).toBe("no-store");
    expect(viaRoute.json.map((v: { id: string }) => v.id)).toEqual([named.id, anonymous.id]);
    expect(viaRoute.json[0].registration).toMatchObject({ name: anna.name });
    expect(await auditRows()).toBe(before + 2);

    // Without details, no names and no audit; another organisation sees none of them.
    const plain = await api.as(halmstadStaff).get(`/centres/${centre}/visitors?present=true`);
    expect(plain.json[0].registration).toBeUndefined();
    const other = await api.as(regionStaff).get(`/centres/${centre}/visitors?present=true&details=true`);
    expect(other.json ?? []).toEqual([]);
    const otherViaRoute = await api.as(regionStaff).get(`/centres/${centre}/visitors/details`);
    expect(otherViaRoute.json ?? []).toEqual([]);
    expect(await auditRows()).toBe(before + 2);
  });

  it("finds a registered relative for reunification, within the organisation only, and audits it", async () => {
    const { db } = service.context.database;
    const auditBefore = (await db.select({ id: max(auditLog.id) }).from(auditLog))[0]?.id ?? 0;
    const centre = await openCentre({});
    const found = (await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { registration: erik }))
      .json;
    const seeker = (
      await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {
        registration: { ...anna, lookingFor: "Erik, my brother" },
      })
    ).json;
    const search = await api.as(halmstadStaff).post("/reunification/searches", {
      incidentId,
      personnummer: erik.personnummer,
      seekerVisitorId: seeker.id,
    });
    expect(search.status).toBe(200);
    expect(search.headers.get("cache-control")).toBe("no-store");
    expect(search.json.candidates).toEqual([
      expect.objectContaining({ visitorId: found.id, name: erik.name }),
    ]);

    const elsewhere = await api.as(varbergPosomLead).post("/reunification/searches", {
      incidentId,
      name: "Lindqvist",
    });
    expect(elsewhere.json.candidates).toEqual([]);

    const match = await api.as(halmstadStaff).post("/reunification/matches", {
      seekerVisitorId: seeker.id,
      foundVisitorId: found.id,
    });
    expect(match.status).toBe(201);
    const rows = (await db.select().from(auditLog).orderBy(auditLog.id)).filter((r) => r.id > auditBefore);
    expect(
      rows.filter((r) => r.action === "search" && r.subjectKind === "reunification-search"),
    ).toHaveLength(2);
    // The visitor the search returned was read once; the match wrote both.
    expect(rows.filter((r) => r.subjectId === found.id).map((r) => r.action)).toEqual([
      "write",
      "read",
      "write",
    ]);
    expect(rows.filter((r) => r.subjectId === seeker.id).map((r) => r.action)).toEqual(["write", "write"]);
  });

  // Halland: "Det är viktigt att beakta behov av samverkan med Polismyndigheten, trossamfund,
  // frivilligorganisationer och andra berörda aktörer när stödcentrum etableras." … "Kontakter med
  // trossamfund kan fås via Länsstyrelsens TiB."
  it("opening a centre prompts the cooperation the guideline names, faith communities through Länsstyrelsen's TiB", async () => {
    const planned = await api.as(halmstadPosomLead).post("/centres", centreBody(incidentId));
    expect(planned.json.cooperation).toEqual([]);
    const early = await api.as(halmstadPosomLead).put(`/centres/${planned.json.id}/cooperation/police`, {
      status: "contacted",
    });
    expect(early.status).toBe(409);

    const opened = await api.as(halmstadPosomLead).post(`/centres/${planned.json.id}/open`);
    expect(opened.json.cooperation).toEqual([
      { partner: "police", status: "to-consider", contactRoute: "direct", recordedAt: null },
      {
        partner: "faith-communities",
        status: "to-consider",
        contactRoute: "lansstyrelsen-tib",
        recordedAt: null,
      },
      { partner: "voluntary-organisations", status: "to-consider", contactRoute: "direct", recordedAt: null },
    ]);
    const base = `/centres/${planned.json.id}/cooperation`;
    expect((await api.as(halmstadPosomLead).put(`${base}/police`, { status: "contacted" })).status).toBe(200);
    await api.as(halmstadPosomLead).put(`${base}/voluntary-organisations`, { status: "not-needed" });
    const centre = await api.as(halmstadPosomLead).get(`/centres/${planned.json.id}`);
    expect(
      centre.json.cooperation.map((c: { partner: string; status: string }) => [c.partner, c.status]),
    ).toEqual([
      ["police", "contacted"],
      ["faith-communities", "to-consider"],
      ["voluntary-organisations", "not-needed"],
    ]);

    const bad = await api.as(halmstadPosomLead).put(`${base}/police`, { status: "maybe" });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("status");
    const unknown = await api.as(halmstadPosomLead).put(`${base}/astrologers`, { status: "contacted" });
    expect(unknown.status).toBe(400);
    // Only the operator records it.
    const other = await api.as(varbergPosomLead).put(`${base}/police`, { status: "not-needed" });
    expect(other.status).toBe(403);
  });

  // Laholm 3.2: "Ansvara för att lämpliga lokaler och utrustning finns att tillgå."
  it("lämpliga lokaler och utrustning: a POSOM lead prepares premises and equipment in advance, offered as a template", async () => {
    const place = {
      name: "Halmstads sporthall",
      location: { lat: 56.67, lon: 12.86, address: "Sporthallsvägen 1, Halmstad" },
      functions: ["information-referral", "crisis-support-follow-up"],
      capacity: 150,
      equipment: ["Filtar", "Vatten", "Kaffe och smörgåsar", "Skyltar Stödcentrum"],
    };
    const created = await api.as(halmstadPosomLead).post("/centre-templates", place);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      organisationId: "kommun-1380",
      operator: "posom",
      equipment: place.equipment,
    });
    const listed = await api.as(halmstadStaff).get("/centre-templates?organisationId=kommun-1380");
    expect(listed.json.map((t: { name: string }) => t.name)).toContain("Halmstads sporthall");
    expect((await api.as(halmstadPosomLead).post("/centre-templates", place)).status).toBe(409);
    const bad = await api.as(halmstadPosomLead).post("/centre-templates", {
      ...place,
      name: "Hall",
      capacity: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("capacity");
    // Staff do not prepare premises; the leads do.
    expect(
      (await api.as(halmstadStaff).post("/centre-templates", { ...place, name: "Annan hall" })).status,
    ).toBe(403);

    // Kept current: the lead changes the capacity and the equipment; nobody else may.
    const id = created.json.id as string;
    const changed = await api.as(halmstadPosomLead).patch(`/centre-templates/${id}`, {
      capacity: 180,
      equipment: [...place.equipment, "Vattenkokare"],
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({
      name: place.name,
      capacity: 180,
      equipment: [...place.equipment, "Vattenkokare"],
    });
    const relisted = await api.as(halmstadStaff).get("/centre-templates?organisationId=kommun-1380");
    expect(relisted.json.find((t: { id: string }) => t.id === id).capacity).toBe(180);
    const others = await api.as(varbergPosomLead).patch(`/centre-templates/${id}`, { capacity: 1 });
    expect(others.status).toBe(403);
    expect(others.json.code).toBe("not-own-template");
    expect((await api.as(halmstadStaff).patch(`/centre-templates/${id}`, { capacity: 1 })).status).toBe(403);
    const invalid = await api.as(halmstadPosomLead).patch(`/centre-templates/${id}`, { capacity: -1 });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors[0].field).toBe("capacity");
    expect(
      (await api.as(halmstadPosomLead).patch(`/centre-templates/${crypto.randomUUID()}`, {})).status,
    ).toBe(404);
  });

  it("records shift hours with the part outside ordinary working hours", async () => {
    const centre = await openCentre({});
    const shift = await api.as(halmstadPosomLead).post(`/centres/${centre}/shifts`, {
      personId: "person-1",
      personName: "Sara Stödperson",
      homeOrganisationId: "kommun-1380",
      plannedStart: "2026-01-13T14:00:00Z",
      plannedEnd: "2026-01-13T20:00:00Z",
    });
    expect(shift.status).toBe(201);
    const base = `/centres/${centre}/shifts/${shift.json.id}`;
    expect((await api.as(halmstadStaff).post(`${base}/check-out`, {})).status).toBe(409);
    await api.as(halmstadStaff).post(`${base}/check-in`, { at: "2026-01-13T14:00:00Z" });
    const out = await api.as(halmstadStaff).post(`${base}/check-out`, { at: "2026-01-13T20:00:00Z" });
    expect(out.json).toMatchObject({ minutesWorked: 360, minutesOutsideOrdinaryHours: 240 });

    // Someone from Varberg works here only through mutual aid.
    const foreign = await api.as(halmstadPosomLead).post(`/centres/${centre}/shifts`, {
      personId: "person-2",
      personName: "Per Grannkommun",
      homeOrganisationId: "kommun-1383",
      plannedStart: "2026-01-13T14:00:00Z",
      plannedEnd: "2026-01-13T20:00:00Z",
    });
    expect(foreign.json.errors[0].field).toBe("viaMutualAid");
  });

  // Halland: "Rutiner för att remittera drabbade till andra instanser"; Enköping: "slussa vidare
  // till ordinarie stödverksamhet".
  it("refers a visitor on to another service, shown with the visitor to the receiving organisation only, and audited", async () => {
    const centre = await openCentre({});
    const visitor = (await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { registration: erik }))
      .json;
    const url = `/centres/${centre}/visitors/${visitor.id}/referrals`;
    const referred = await api.as(halmstadStaff).post(url, { to: "child-psychiatry" });
    expect(referred.status).toBe(201);
    expect(referred.json).toMatchObject({
      visitorId: visitor.id,
      to: "child-psychiatry",
      referredBy: halmstadStaff.name,
    });
    expect((await api.as(halmstadStaff).post(url, { to: "primary-care" })).status).toBe(201);
    const wrong = await api.as(halmstadStaff).post(url, { to: "astrologer" });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors.map((e: { field: string }) => e.field)).toEqual(["to"]);
    // Another organisation cannot refer (or learn about) Halmstad's visitor.
    expect((await api.as(varbergPosomLead).post(url, { to: "primary-care" })).status).toBe(403);
    const listed = await api.as(halmstadStaff).get(`/centres/${centre}/visitors/details?present=true`);
    expect(listed.json.find((v: { id: string }) => v.id === visitor.id).referredTo).toEqual([
      "child-psychiatry",
      "primary-care",
    ]);
    const { db } = service.context.database;
    const written = (await db.select().from(auditLog).where(eq(auditLog.subjectId, visitor.id))).filter(
      (r) => r.reason === "referral",
    );
    expect(written).toHaveLength(2);
  });

  it("lists consenting visitors for the organisation's own follow-up", async () => {
    const centre = await openCentre({});
    const consenting = (
      await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {
        registration: { ...erik, consentToFollowUp: true, language: "ar" },
      })
    ).json;
    await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { registration: anna });
    const list = await api.as(halmstadPosomLead).get(`/follow-up?incidentId=${incidentId}`);
    expect(list.headers.get("cache-control")).toBe("no-store");
    const ids = list.json.map((e: { visitorId: string }) => e.visitorId);
    expect(ids).toContain(consenting.id);
    expect(list.json.find((e: { visitorId: string }) => e.visitorId === consenting.id)).toMatchObject({
      name: erik.name,
      language: "ar",
    });
    expect(list.json.every((e: { name: string }) => e.name !== anna.name)).toBe(true);
    expect((await api.as(varbergPosomLead).get(`/follow-up?incidentId=${incidentId}`)).json).toEqual([]);
    expect((await api.as(countyObserver).get(`/follow-up?incidentId=${incidentId}`)).status).toBe(403);
  });

  it("deletes visitors' personal data after the centre closes and keeps the counts", async () => {
    const centre = await openCentre({});
    const visitor = (await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, { registration: anna }))
      .json;
    await api.as(halmstadStaff).post(`/centres/${centre}/visitors/${visitor.id}/departure`);
    expect((await api.as(halmstadPosomLead).post(`/centres/${centre}/close`)).json.status).toBe("closed");
    const { db } = service.context.database;
    // Not yet due with the real retention time …
    expect(await purgeExpiredPersonalData(db, new Date(), 90)).toBe(0);
    // … due once it has passed.
    const later = new Date(Date.now() + 91 * 24 * 60 * 60 * 1000);
    expect(await purgeExpiredPersonalData(db, later, 90)).toBeGreaterThan(0);
    const read = await api.as(halmstadStaff).get(`/centres/${centre}/visitors/${visitor.id}`);
    expect(read.json.registration).toBeNull();
    expect(read.text).not.toContain("Lindqvist");
    expect((await api.as(halmstadPosomLead).get(`/centres/${centre}`)).json.counts).toMatchObject({
      total: 1,
      registered: 1,
      present: 0,
    });
  });

  it("publishes counts only: no event carries a name, personnummer or phone", async () => {
    await waitFor(() => published.some((p) => p.includes('"centre.occupancy-changed"')), {
      message: "occupancy events published",
    });
    for (const payload of published) {
      for (const secret of SECRETS) expect(payload).not.toContain(secret);
    }
  });
});
