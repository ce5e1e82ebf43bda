import {
  ActivationSummary,
  AfterActionActivation,
  DebriefOffered,
  Evaluation,
  EvaluationOutcome,
  Lesson,
  MutualAidAccepted,
  MutualAidDeployed,
  MutualAidOffered,
  MutualAidRequested,
  Participant,
  PersonLoad,
  YearlyStatistics,
} from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingService } from "../src/index.ts";
import {
  type Actors,
  activationClosed,
  activationDecided,
  actors,
  callOutAccepted,
  type EventPublisher,
  eventPublisher,
  getJson,
  send,
} from "./support.ts";

describe("after an activation", () => {
  let service: RunningService;
  let as: Actors;
  let publisher: EventPublisher;
  let ns: TestNamespace;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
    as = await actors(ns);
    publisher = await eventPublisher(ns.natsUrl, ns.natsNamespace);
  });
  afterAll(async () => {
    await publisher?.close();
    await service?.stop();
  });

  const byOrg = (org: string): Record<string, string> =>
    ({
      "kommun-1380": as.halmstad,
      "kommun-1382": as.falkenberg,
      "kommun-1383": as.varberg,
      "kommun-1384": as.kungsbacka,
      "region-13": as.regionPkl,
    })[org] ?? {};

  async function activation(organisationId: string, kind: "posom" | "pkl", activatedAt = new Date()) {
    const id = uuidv7();
    const response = await send("PUT", `${service.url}/activations/${id}`, byOrg(organisationId), {
      organisationId,
      countyCode: "13",
      kind,
      activatedAt: activatedAt.toISOString(),
    });
    expect(response.status).toBe(200);
    return id;
  }
  const participate = (
    activationId: string,
    personId: string,
    hours: number,
    outside: number,
    org = "kommun-1383",
  ) =>
    send("PUT", `${service.url}/activations/${activationId}/participants/${personId}`, byOrg(org), {
      organisationId: org,
      personName: personId,
      role: "support-person",
      hours,
      hoursOutsideWorkingTime: outside,
    });
  const debrief = (activationId: string, personId: string, status: string) =>
    send("PUT", `${service.url}/activations/${activationId}/debriefs/${personId}`, as.varberg, {
      organisationId: "kommun-1383",
      status,
    });

  it("tracks a debrief offer to every participant through accepted, declined and held", async () => {
    const id = await activation("kommun-1383", "posom");
    for (const person of ["anna", "bo", "cecilia"])
      expect((await participate(id, person, 6, 2)).status).toBe(200);

    const offered = Participant.array().parse(
      await (
        await send("POST", `${service.url}/activations/${id}/debriefs`, as.varberg, {
          organisationId: "kommun-1383",
        })
      ).json(),
    );
    expect(offered.map((p) => p.debrief.status)).toEqual(["offered", "offered", "offered"]);

    expect((await debrief(id, "anna", "accepted")).status).toBe(200);
    expect((await debrief(id, "anna", "held")).status).toBe(200);
    expect((await debrief(id, "bo", "declined")).status).toBe(200);
    // A debrief cannot be held before the person accepted it.
    const early = await debrief(id, "cecilia", "held");
    expect(early.status).toBe(409);

    const summary = ActivationSummary.parse(
      await getJson(`${service.url}/activations/${id}/summary`, as.varberg),
    );
    expect(summary.debriefs).toEqual({ "not-offered": 0, offered: 1, accepted: 0, declined: 1, held: 1 });
  });

  // Laholm 3.7: "Efter att en POSOM-insats avslutats ska alla som deltagit i arbetet erbjudas
  // stödsamtal. Ledningsgruppen ansvarar för att detta organiseras, tillsammans med Företagshälsovården."
  it("erbjudas stödsamtal … tillsammans med Företagshälsovården: a referral to occupational health is recorded for the person", async () => {
    const id = await activation("kommun-1382", "posom");
    await participate(id, "dora", 4, 1, "kommun-1382");
    await send("POST", `${service.url}/activations/${id}/debriefs`, as.falkenberg, {
      organisationId: "kommun-1382",
    });
    const refer = (at: string, who = as.falkenberg, org = "kommun-1382", person = "dora") =>
      send("PUT", `${service.url}/activations/${id}/debriefs/${person}/occupational-health`, who, {
        organisationId: org,
        at,
      });
    const referred = await refer("2026-03-02T09:00:00Z");
    expect(referred.status).toBe(200);
    expect(Participant.parse(await referred.json()).debrief).toMatchObject({
      status: "offered",
      occupationalHealthReferredAt: "2026-03-02T09:00:00.000Z",
    });
    // Recorded once: a second click keeps the day of the referral.
    await refer("2026-03-05T09:00:00Z");
    const list = Participant.array().parse(
      await getJson(`${service.url}/activations/${id}/participants`, as.falkenberg),
    );
    expect(list.find((p) => p.personId === "dora")?.debrief.occupationalHealthReferredAt).toBe(
      "2026-03-02T09:00:00.000Z",
    );
    expect((await refer("2026-03-02T09:00:00Z", as.falkenberg, "kommun-1382", "nobody")).status).toBe(404);
    expect((await refer("2026-03-02T09:00:00Z", as.halmstad, "kommun-1380")).status).toBe(403);
    const bad = await refer("igår");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"field":"at"');
  });

  it("sums costs and hours outside working time per activation", async () => {
    const id = await activation("kommun-1383", "posom");
    await participate(id, "anna", 5.5, 2.25);
    await participate(id, "bo", 3, 0.75);
    for (const [category, amountSek] of [
      ["premises", 2500],
      ["food", 812.5],
      ["food", 187.5],
      ["transport", 420],
    ] as const) {
      const response = await send("POST", `${service.url}/activations/${id}/costs`, as.varberg, {
        organisationId: "kommun-1383",
        category,
        amountSek,
      });
      expect(response.status).toBe(201);
    }
    const summary = ActivationSummary.parse(
      await getJson(`${service.url}/activations/${id}/summary`, as.varberg),
    );
    expect(summary).toMatchObject({
      participants: 2,
      hours: 8.5,
      hoursOutsideWorkingTime: 3,
      costsSek: { premises: 2500, food: 1000, transport: 420, other: 0, total: 3920 },
    });
  });

  it("shows each support person's load over the last twelve months, heaviest first", async () => {
    const org = "kommun-1384";
    const recent = await activation(org, "posom", new Date(Date.now() - 30 * 86400_000));
    const lastWeek = await activation(org, "posom", new Date(Date.now() - 7 * 86400_000));
    const longAgo = await activation(org, "posom", new Date(Date.now() - 400 * 86400_000));
    await participate(recent, "david", 10, 4, org);
    await participate(lastWeek, "david", 6, 6, org);
    await participate(longAgo, "david", 50, 50, org); // more than a year ago: not counted
    await participate(lastWeek, "eva", 2, 0, org);
    await send("POST", `${service.url}/activations/${recent}/debriefs`, as.kungsbacka, {
      organisationId: org,
    });
    await send("PUT", `${service.url}/activations/${recent}/debriefs/david`, as.kungsbacka, {
      organisationId: org,
      status: "declined",
    });

    const load = PersonLoad.array().parse(
      await getJson(`${service.url}/support-persons/load?organisationId=${org}`, as.kungsbacka),
    );
    expect(
      load.map((p) => [p.personId, p.deployments, p.hours, p.hoursOutsideWorkingTime, p.debriefsDeclined]),
    ).toEqual([
      ["david", 2, 16, 10, 1],
      ["eva", 1, 2, 0, 0],
    ]);
  });

  it("makes a joint evaluation when POSOM and PKL both worked, and lists its lessons", async () => {
    const posom = await activation("kommun-1380", "posom");
    const pkl = await activation("region-13", "pkl");
    const created = await send("POST", `${service.url}/evaluations`, as.halmstad, {
      organisationId: "kommun-1380",
      activationIds: [posom, pkl],
      ownerName: "Anna Lind",
      dueAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
      whatWorked: "Snabb aktivering.",
      lessons: ["Gemensam larmlista POSOM/PKL behövs."],
    });
    expect(created.status).toBe(201);
    const evaluation = Evaluation.parse(await created.json());
    expect(evaluation).toMatchObject({
      joint: true,
      organisationIds: ["kommun-1380", "region-13"],
      overdue: false,
    });

    // The region, part of the joint evaluation, completes it; an outsider may not.
    const outsider = await send("PATCH", `${service.url}/evaluations/${evaluation.id}`, as.falkenberg, {
      organisationId: "kommun-1382",
      status: "done",
    });
    expect(outsider.status).toBe(403);
    const done = await send("PATCH", `${service.url}/evaluations/${evaluation.id}`, as.regionPkl, {
      organisationId: "region-13",
      whatToChange: "Öva tillsammans.",
      status: "done",
    });
    expect(Evaluation.parse(await done.json())).toMatchObject({
      status: "done",
      whatToChange: "Öva tillsammans.",
    });

    const lessons = Lesson.array().parse(await getJson(`${service.url}/lessons?county=13`, as.observer));
    expect(lessons).toContainEqual(
      expect.objectContaining({ lesson: "Gemensam larmlista POSOM/PKL behövs.", joint: true }),
    );

    const stats = YearlyStatistics.parse(
      await getJson(`${service.url}/statistics?county=13&year=${year}`, as.observer),
    );
    const region = stats.organisations.find((o) => o.organisationId === "region-13");
    expect(region).toMatchObject({ activations: { posom: 0, pkl: 1, total: 1 }, evaluationsDone: 1 });
    const varberg = stats.organisations.find((o) => o.organisationId === "kommun-1383");
    expect(varberg?.activations.total).toBe(2);
    expect(varberg?.peopleDeployed).toBe(3);
    expect(varberg?.costsSek.total).toBe(3920);
  });

  // Halland: "I de fall gemensamma insatser har genomförts bör samverkan utvärderas gemensamt."
  it("bör samverkan utvärderas gemensamt: when POSOM and PKL both worked an incident, one joint evaluation is created for both", async () => {
    const incidentId = uuidv7();
    const posom = {
      activationId: uuidv7(),
      incidentId,
      organisationId: "kommun-1382",
      group: "management",
    } as const;
    const pkl = { activationId: uuidv7(), incidentId, organisationId: "region-13", group: "pkl" } as const;
    await activationDecided(publisher, posom);
    await activationDecided(publisher, pkl);
    await activationClosed(publisher, { ...posom, participantPersonIds: ["lg-falkenberg"] });
    await activationClosed(publisher, { ...pkl, participantPersonIds: ["pkl-1"] });

    const ofIncident = (list: Evaluation[]) =>
      list.filter((e) => e.activationIds.some((id) => id === posom.activationId || id === pkl.activationId));
    const joint = await waitFor(async () => {
      const list = ofIncident(
        Evaluation.array().parse(await getJson(`${service.url}/evaluations`, as.falkenberg)),
      );
      return list.length === 1 && list[0]?.activationIds.length === 2 && list;
    });
    expect(joint[0]).toMatchObject({ joint: true, organisationIds: ["kommun-1382", "region-13"] });
    // The region sees the same one evaluation, not one of its own.
    const regions = ofIncident(
      Evaluation.array().parse(await getJson(`${service.url}/evaluations`, as.regionPkl)),
    );
    expect(regions.map((e) => e.id)).toEqual([joint[0]?.id]);
    // A redelivered close makes no second evaluation.
    await activationClosed(publisher, { ...pkl, participantPersonIds: ["pkl-1"] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const again = ofIncident(
      Evaluation.array().parse(await getJson(`${service.url}/evaluations`, as.regionPkl)),
    );
    expect(again.map((e) => [e.id, e.activationIds.length])).toEqual([[joint[0]?.id, 2]]);
  });

  // Laholm 3.7: "Sammankallande ansvarar för alla insatser följs upp och återkopplas till
  // ledningsgruppen och stödpersoner."
  it("återkopplas till ledningsgruppen och stödpersoner: the support persons get the evaluation's outcome once it is done", async () => {
    const org = "kommun-1382";
    const incidentId = uuidv7();
    const management = {
      activationId: uuidv7(),
      incidentId,
      organisationId: org,
      group: "management",
    } as const;
    const supportPersons = {
      activationId: uuidv7(),
      incidentId,
      organisationId: org,
      group: "support-persons",
      parentActivationId: management.activationId,
    } as const;
    await activationDecided(publisher, management);
    await activationDecided(publisher, supportPersons);
    await activationClosed(publisher, { ...supportPersons, participantPersonIds: ["sp-falkenberg"] });
    await activationClosed(publisher, { ...management, participantPersonIds: ["lg-falkenberg"] });
    const supportPerson = await ns.headers({
      userId: "sp-falkenberg",
      organisationId: org,
      countyCode: "13",
      roles: ["support-person"],
    });
    const outcomeUrl = `${service.url}/activations/${supportPersons.activationId}/evaluation-outcome`;
    const open = await waitFor(async () => {
      const outcome = EvaluationOutcome.parse(await getJson(outcomeUrl, supportPerson));
      return outcome.status === "open" && outcome;
    });
    // Drafts stay with the ledningsgrupp: nothing but the status before it is done.
    expect(open).toMatchObject({ whatWorked: "", whatToChange: "", lessons: [] });
    expect((await send("GET", `${service.url}/evaluations`, supportPerson)).status).toBe(403);

    const evaluation = Evaluation.array()
      .parse(await getJson(`${service.url}/evaluations`, as.falkenberg))
      .find((e) => e.activationIds.includes(management.activationId));
    const done = await send("PATCH", `${service.url}/evaluations/${evaluation?.id}`, as.falkenberg, {
      organisationId: org,
      whatWorked: "Alla kom inom 30 minuter.",
      whatToChange: "Fler stödpersoner med arabiska.",
      lessons: ["Larmlistan behöver tolkar."],
      status: "done",
    });
    expect(done.status).toBe(200);
    const outcome = EvaluationOutcome.parse(await getJson(outcomeUrl, supportPerson));
    expect(outcome).toMatchObject({
      status: "done",
      whatWorked: "Alla kom inom 30 minuter.",
      whatToChange: "Fler stödpersoner med arabiska.",
      lessons: ["Larmlistan behöver tolkar."],
    });
    expect(outcome.completedAt).not.toBeNull();
    // The ledningsgrupp reads the same outcome; another municipality's support person does not.
    const lead = EvaluationOutcome.parse(
      await getJson(
        `${service.url}/activations/${management.activationId}/evaluation-outcome`,
        as.falkenberg,
      ),
    );
    expect(lead.whatWorked).toBe("Alla kom inom 30 minuter.");
    const outsider = await ns.headers({
      organisationId: "kommun-1383",
      countyCode: "13",
      roles: ["support-person"],
    });
    expect((await send("GET", outcomeUrl, outsider)).status).toBe(403);
    // Lekeberg: "Säkerhetschef ansvarar för uppföljning … samordnaren rapporterar till
    // säkerhetschefen": the organisation's authorised functions read the outcome and the figures,
    // not the drafts and participants of the after-work.
    const securityChief = await ns.headers({ organisationId: org, countyCode: "13", roles: ["activator"] });
    expect(EvaluationOutcome.parse(await getJson(outcomeUrl, securityChief)).lessons).toEqual([
      "Larmlistan behöver tolkar.",
    ]);
    const thisYear = new Date().getFullYear();
    expect(
      (await send("GET", `${service.url}/statistics?county=13&year=${thisYear}`, securityChief)).status,
    ).toBe(200);
    expect((await send("GET", `${service.url}/evaluations`, securityChief)).status).toBe(403);

    // A support person a neighbour sent under mutual aid was one of its support persons too: once
    // offered a debrief in Falkenberg's after-work, their organisation reads the outcome.
    await publisher.emit(DebriefOffered, {
      organisationId: org,
      countyCode: "13",
      aggregateId: management.activationId,
      data: {
        offerId: uuidv7(),
        activationId: management.activationId,
        incidentId,
        personId: "sp-halmstad",
        homeOrganisationId: "kommun-1380",
        via: "mutual-aid",
        offeredAt: new Date().toISOString(),
      },
    });
    const helper = await ns.headers({
      userId: "sp-halmstad",
      organisationId: "kommun-1380",
      countyCode: "13",
      roles: ["support-person"],
    });
    const helped = await waitFor(async () => {
      const response = await send("GET", outcomeUrl, helper);
      return response.status === 200 && EvaluationOutcome.parse(await response.json());
    });
    expect(helped).toMatchObject({ status: "done", whatWorked: "Alla kom inom 30 minuter." });
    expect((await send("GET", outcomeUrl, outsider)).status).toBe(403);
  });

  it("refuses an evaluation of an unknown activation, naming the field", async () => {
    const response = await send("POST", `${service.url}/evaluations`, as.halmstad, {
      organisationId: "kommun-1380",
      activationIds: [uuidv7()],
      ownerName: "Anna Lind",
      dueAt: new Date().toISOString(),
    });
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain("activationIds");
  });

  it("records activations and everyone who accepted a call-out from the activation service's events", async () => {
    const incidentId = uuidv7();
    const management = uuidv7();
    const supportPersons = uuidv7();
    const org = "kommun-1383";
    await activationDecided(publisher, {
      activationId: management,
      incidentId,
      organisationId: org,
      group: "management",
    });
    await activationDecided(publisher, {
      activationId: supportPersons,
      incidentId,
      organisationId: org,
      group: "support-persons",
      parentActivationId: management,
    });
    await callOutAccepted(publisher, {
      activationId: management,
      incidentId,
      organisationId: org,
      group: "management",
      personId: "lg-1",
      accepted: 1,
    });
    await callOutAccepted(publisher, {
      activationId: supportPersons,
      incidentId,
      organisationId: org,
      group: "support-persons",
      personId: "sp-1",
      accepted: 1,
    });

    // The support persons count under the ledningsgrupp's activation: one episode to evaluate.
    const people = await waitFor(async () => {
      const list = Participant.array().parse(
        await getJson(`${service.url}/activations/${management}/participants`, as.varberg),
      );
      return list.length === 2 && list;
    });
    expect(people.map((p) => [p.personId, p.role, p.debrief.status])).toEqual([
      ["lg-1", "ledningsgrupp", "not-offered"],
      ["sp-1", "support-person", "not-offered"],
    ]);
    const summary = ActivationSummary.parse(
      await getJson(`${service.url}/activations/${management}/summary`, as.varberg),
    );
    expect(summary).toMatchObject({ kind: "posom", incidentId, participants: 2 });
  });

  it("lists the helpers another municipality sent under mutual aid among the asker's participants, by id only", async () => {
    const incidentId = uuidv7();
    const management = uuidv7();
    await activationDecided(publisher, {
      activationId: management,
      incidentId,
      organisationId: "kommun-1381",
      group: "management",
    });
    // Laholm asks, Halmstad offers two, Laholm accepts, Halmstad sends them.
    const requestId = uuidv7();
    const offerId = uuidv7();
    const laholm = { organisationId: "kommun-1381", countyCode: "13", aggregateId: requestId };
    const halmstad = { organisationId: "kommun-1380", countyCode: "13", aggregateId: requestId };
    const offered = { requestId, incidentId, offerId, offeringOrganisationId: "kommun-1380" };
    await publisher.emit(MutualAidRequested, {
      ...laholm,
      data: {
        requestId,
        incidentId,
        quantity: 2,
        competences: [],
        languages: [],
        from: new Date().toISOString(),
        to: new Date(Date.now() + 86400_000).toISOString(),
        addressedTo: ["kommun-1380"],
      },
    });
    await publisher.emit(MutualAidOffered, { ...halmstad, data: { ...offered, quantity: 2 } });
    await publisher.emit(MutualAidAccepted, { ...laholm, data: { ...offered, quantity: 2 } });
    const deployed = await publisher.emit(MutualAidDeployed, {
      ...halmstad,
      data: { ...offered, personIds: ["hal-sp-1", "hal-sp-2"] },
    });
    // A redelivery changes nothing.
    await publisher.publish(deployed);

    const people = await waitFor(async () => {
      const list = Participant.array().parse(
        await getJson(`${service.url}/activations/${management}/participants`, as.laholm),
      );
      return list.length === 2 && list;
    });
    expect(people.map((p) => [p.personId, p.organisationId, p.role, p.personName])).toEqual([
      ["hal-sp-1", "kommun-1380", "support-person", null],
      ["hal-sp-2", "kommun-1380", "support-person", null],
    ]);
  });

  // Laholm 3.7 "alla som deltagit i arbetet erbjudas stödsamtal", in the offering county: Båstad
  // (Skåne) sent two people to Laholm's deployment in Halland and offered them the debrief when
  // Laholm's work ended. Skåne holds no activation of Laholm's: the offers name the aid request.
  it("shows the offering county's debrief offers for people sent to another county under the aid request", async () => {
    const requestId = uuidv7();
    const hallandIncident = uuidv7();
    const offeredAt = new Date().toISOString();
    const offer = (personId: string) =>
      publisher.emit(DebriefOffered, {
        organisationId: "kommun-1278",
        countyCode: "12",
        aggregateId: requestId,
        data: {
          offerId: uuidv7(),
          aidRequestId: requestId,
          incidentId: hallandIncident,
          personId,
          homeOrganisationId: "kommun-1278",
          via: "mutual-aid",
          offeredAt,
        },
      });
    await offer("bastad-sp-1");
    const redelivered = await offer("bastad-sp-2");
    await publisher.publish(redelivered);

    const bastadLead = await ns.headers({
      organisationId: "kommun-1278",
      countyCode: "12",
      roles: ["posom-lead"],
    });
    // Båstad's after-action records: one record of the help it gave, under Laholm's incident.
    const record = await waitFor(async () =>
      AfterActionActivation.array()
        .parse(await getJson(`${service.url}/activations?organisationId=kommun-1278`, bastadLead))
        .find((a) => a.aidRequestId === requestId),
    );
    expect(record).toMatchObject({
      organisationId: "kommun-1278",
      countyCode: "12",
      incidentId: hallandIncident,
    });
    const people = await waitFor(async () => {
      const list = Participant.array().parse(
        await getJson(`${service.url}/activations/${record.activationId}/participants`, bastadLead),
      );
      return list.length === 2 && list;
    });
    expect(people.map((p) => [p.personId, p.organisationId, p.debrief.status])).toEqual([
      ["bastad-sp-1", "kommun-1278", "offered"],
      ["bastad-sp-2", "kommun-1278", "offered"],
    ]);
    // Help given is not an activation of Båstad's own; its people count as deployed.
    const stats = YearlyStatistics.parse(
      await getJson(`${service.url}/statistics?county=12&year=${year}`, bastadLead),
    );
    expect(stats.organisations.find((o) => o.organisationId === "kommun-1278")).toMatchObject({
      activations: { total: 0 },
      peopleDeployed: 2,
    });

    // The people sent read the outcome of Båstad's evaluation of the help it gave, once done.
    const sentPerson = await ns.headers({
      userId: "bastad-sp-1",
      organisationId: "kommun-1278",
      countyCode: "12",
      roles: ["support-person"],
    });
    const outcomeUrl = `${service.url}/aid-requests/${requestId}/evaluation-outcome`;
    expect(EvaluationOutcome.parse(await getJson(outcomeUrl, sentPerson))).toMatchObject({ status: "none" });
    const created = await send("POST", `${service.url}/evaluations`, bastadLead, {
      organisationId: "kommun-1278",
      activationIds: [record.activationId],
      ownerName: "Britt Båstad",
      dueAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const done = await send(
      "PATCH",
      `${service.url}/evaluations/${Evaluation.parse(await created.json()).id}`,
      bastadLead,
      { organisationId: "kommun-1278", whatWorked: "Tolkarna kom fram i tid.", status: "done" },
    );
    expect(done.status).toBe(200);
    expect(EvaluationOutcome.parse(await getJson(outcomeUrl, sentPerson))).toMatchObject({
      status: "done",
      whatWorked: "Tolkarna kom fram i tid.",
    });
    // Another municipality has no record of help given under the request.
    const hoganas = await ns.headers({
      organisationId: "kommun-1284",
      countyCode: "12",
      roles: ["support-person"],
    });
    expect((await send("GET", outcomeUrl, hoganas)).status).toBe(404);
  });
});
