import {
  ActivationClosed,
  ActivationDecided,
  Evaluation,
  FullRegionalPicture,
  Participant,
  PersonLoad,
  RegionalPicture,
  YearlyStatistics,
} from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, waitFor } from "@krisstod/testing";
import { parse as parseCsv } from "csv-parse/sync";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingService } from "../src/index.ts";
import {
  type Actors,
  actors,
  callOutAccepted,
  callOutCounts,
  type EventPublisher,
  eventPublisher,
  getJson,
  incident,
  openIncident,
  send,
} from "./support.ts";

const org = "kommun-1384";

/** Exercises (övning) kept apart, and the after-work started by `activation.closed`. */
describe("exercises and closed activations in reporting", () => {
  let service: RunningService;
  let as: Actors;
  let publisher: EventPublisher;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    const ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
    as = await actors(ns);
    publisher = await eventPublisher(ns.natsUrl, ns.natsNamespace);
  });
  afterAll(async () => {
    await publisher?.close();
    await service?.stop();
  });

  /** A Kungsbacka ledningsgrupp activation; `exercise` undefined = an event from before exercises. */
  async function decided(incidentId: string, exercise: boolean | undefined) {
    const activationId = uuidv7();
    await publisher.emit(ActivationDecided, {
      organisationId: org,
      countyCode: "13",
      aggregateId: activationId,
      data: {
        activationId,
        incidentId,
        group: "management",
        decidedBy: { personId: "p-chef", functionId: "kommunchef", functionTitle: "Kommunchef" },
        decidedAt: new Date().toISOString(),
        reason: "Övning eller skarpt",
        needed: 1,
        parentActivationId: null,
        fallbackForActivationId: null,
        counts: callOutCounts(0, 2),
        ...(exercise === undefined ? {} : { exercise }),
      },
    });
    return activationId;
  }
  const closed = (activationId: string, incidentId: string, exercise: boolean, personIds: string[]) =>
    publisher.emit(ActivationClosed, {
      organisationId: org,
      countyCode: "13",
      aggregateId: activationId,
      data: {
        activationId,
        incidentId,
        group: "management",
        parentActivationId: null,
        exercise,
        closedAt: new Date().toISOString(),
        closedWith: "decision",
        counts: callOutCounts(personIds.length, 2),
        participantPersonIds: personIds,
        evaluation: {
          ownerPersonId: "p-chef",
          ownerFunctionTitle: "Kommunchef",
          dueAt: "2030-01-01T00:00:00Z",
        },
      },
    });
  const evaluationsOf = async (activationId: string) =>
    Evaluation.array()
      .parse(await getJson(`${service.url}/evaluations`, as.kungsbacka))
      .filter((e) => e.activationIds.includes(activationId));

  it("marks exercise incidents on the picture", async () => {
    const drill = await openIncident(
      publisher,
      service.url,
      incident({ organisationId: org, exercise: true, title: "Övning Kungsbacka" }),
      as.kungsbacka,
    );
    const real = await openIncident(publisher, service.url, incident({ organisationId: org }), as.kungsbacka);
    const picture = RegionalPicture.parse(await getJson(`${service.url}/picture?county=13`, as.observer));
    expect(picture.incidents.find((i) => i.id === drill.id)?.exercise).toBe(true);
    expect(picture.incidents.find((i) => i.id === real.id)?.exercise).toBe(false);
  });

  it("offers debriefs and creates one evaluation on activation.closed, however often it arrives", async () => {
    const incidentId = uuidv7();
    const activationId = await decided(incidentId, false);
    await callOutAccepted(publisher, {
      activationId,
      incidentId,
      organisationId: org,
      group: "management",
      personId: "p-anna",
      accepted: 1,
    });
    // The closing event names Bo too, whose own acceptance event has not arrived (yet).
    await closed(activationId, incidentId, false, ["p-anna", "p-bo"]);
    const people = await waitFor(async () => {
      const list = Participant.array().parse(
        await getJson(`${service.url}/activations/${activationId}/participants`, as.kungsbacka),
      );
      return list.length === 2 && list.every((p) => p.debrief.status === "offered") && list;
    });
    expect(people.map((p) => p.personId)).toEqual(["p-anna", "p-bo"]);
    const [evaluation] = await waitFor(async () => {
      const list = await evaluationsOf(activationId);
      return list.length > 0 && list;
    });
    expect(evaluation).toMatchObject({ ownerName: "Kommunchef", ownerPersonId: "p-chef", status: "open" });

    // Anna accepts her debrief; a second closing event (another event id) changes nothing.
    const accepted = await send(
      "PUT",
      `${service.url}/activations/${activationId}/debriefs/p-anna`,
      as.kungsbacka,
      { organisationId: org, status: "accepted" },
    );
    expect(accepted.status).toBe(200);
    await closed(activationId, incidentId, false, ["p-anna", "p-bo"]);
    const marker = await decided(uuidv7(), false); // processed after the repeat, in order
    await waitFor(
      async () =>
        (await fetch(`${service.url}/activations/${marker}/summary`, { headers: as.kungsbacka })).ok,
    );
    expect(await evaluationsOf(activationId)).toHaveLength(1);
    const after = Participant.array().parse(
      await getJson(`${service.url}/activations/${activationId}/participants`, as.kungsbacka),
    );
    expect(after.find((p) => p.personId === "p-anna")?.debrief.status).toBe("accepted");
    expect(after.find((p) => p.personId === "p-bo")?.debrief.offeredAt).toBe(
      people.find((p) => p.personId === "p-bo")?.debrief.offeredAt,
    );
  });

  it("counts exercises apart in the yearly statistics", async () => {
    const statsOf = async () =>
      YearlyStatistics.parse(
        await getJson(`${service.url}/statistics?county=13&year=${year}`, as.kungsbacka),
      ).organisations.find((o) => o.organisationId === org);
    const before = await statsOf();
    const drillIncident = uuidv7();
    const drill = await decided(drillIncident, true);
    for (const personId of ["p-x", "p-y"]) {
      await callOutAccepted(publisher, {
        activationId: drill,
        incidentId: drillIncident,
        organisationId: org,
        group: "management",
        personId,
        accepted: 1,
      });
    }
    await closed(drill, drillIncident, true, ["p-x", "p-y"]);
    const legacy = await decided(uuidv7(), undefined); // an event from before exercises: real
    const [drillEvaluation] = await waitFor(async () => {
      const list = await evaluationsOf(drill);
      return list.length > 0 && list;
    });
    expect(drillEvaluation?.exercise).toBe(true);
    const done = await send("PATCH", `${service.url}/evaluations/${drillEvaluation?.id}`, as.kungsbacka, {
      organisationId: org,
      status: "done",
    });
    expect(done.status).toBe(200);
    await waitFor(
      async () =>
        (await fetch(`${service.url}/activations/${legacy}/summary`, { headers: as.kungsbacka })).ok,
    );

    const now = await statsOf();
    // The real counts grew by the legacy (real) activation only; the exercise is counted apart.
    expect(now?.activations.total).toBe((before?.activations.total ?? 0) + 1);
    expect(now?.peopleDeployed).toBe(before?.peopleDeployed ?? 0);
    expect(now?.evaluationsDone).toBe(before?.evaluationsDone ?? 0);
    expect(now?.exercises).toEqual({ activations: { posom: 1, pkl: 0, total: 1 }, peopleDeployed: 2 });
    const summary = (await getJson(`${service.url}/activations/${drill}/summary`, as.kungsbacka)) as {
      exercise: boolean;
    };
    expect(summary.exercise).toBe(true);

    // Each person's load: the exercise apart from real deployments.
    const loads = PersonLoad.array().parse(
      await getJson(`${service.url}/support-persons/load?organisationId=${org}`, as.kungsbacka),
    );
    expect(loads.find((l) => l.personId === "p-x")).toMatchObject({ deployments: 0, exercises: 1 });
    expect(loads.find((l) => l.personId === "p-anna")).toMatchObject({ deployments: 1, exercises: 0 });

    // The CSV keeps them apart too, in its own last columns.
    const csv = await fetch(`${service.url}/statistics/csv?county=13&year=${year}`, {
      headers: as.kungsbacka,
    });
    expect(csv.status).toBe(200);
    const rows: Record<string, string>[] = parseCsv(Buffer.from(await csv.arrayBuffer()), {
      bom: true,
      columns: true,
      delimiter: ";",
    });
    expect(rows.find((r) => r["Organisations-id"] === org)).toMatchObject({
      "Aktiveringar totalt": String(now?.activations.total),
      Övningar: "1",
      "Insatta personer i övningar": "2",
    });
    // And the picture marks the exercise's activation (counts only, as ever).
    // (The picture is its own consumer: wait until it has both.)
    const picture = await waitFor(async () => {
      const p = FullRegionalPicture.parse(await getJson(`${service.url}/picture?county=13`, as.observer));
      const ids = new Set(p.activations?.map((a) => a.id));
      return ids.has(drill) && ids.has(legacy) && p;
    });
    expect(picture.activations?.find((a) => a.id === drill)?.exercise).toBe(true);
    expect(picture.activations?.find((a) => a.id === legacy)?.exercise).toBe(false);
  });
});
