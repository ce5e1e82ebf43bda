import { createEvent, deadLetterCounts, natsConnectOptions } from "@krisstod/bus";
import {
  AidCrossCountyAccepted,
  AidCrossCountyAnswer,
  AidCrossCountyRequest,
  AidCrossCountyStaffing,
  AidCrossCountyWorkEnded,
  type AidRequest,
  type EventEnvelope,
  subjects,
} from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson } from "../../test/support.ts";
import { offerDebriefs } from "../after-work/debrief-offers.ts";
import { activations, debriefOffers, tables } from "../db/schema.ts";
import { activationSettingsFrom } from "../env.ts";
import { createActivationService } from "../service.ts";
import { AID_INBOX_CONSUMER } from "./exchange.ts";

/**
 * Skåne's deployment (county 12, Båstad) with mutual aid across counties on. The hub is not here:
 * the test stands in for it by giving the inbound stream a subject of another namespace (as the
 * hub's source would deliver Halland's `ks13.aid.13.12.…`), and reads what the service sends on
 * its own `{ns}.aid.12.…` subjects. Messages are published twice with different message ids,
 * as a redelivery outside JetStream's duplicate window would arrive.
 */
describe("mutual aid from and to another county's deployment", () => {
  let ns: TestNamespace;
  let service: RunningService;
  let harness: NatsConnection;
  let bastad: Record<string, string>;
  let hoganas: Record<string, string>;
  /** What the service sent towards Halland. */
  const sent: EventEnvelope[] = [];
  /** Skåne's own events (its reporting's picture is made of them). */
  const local: EventEnvelope[] = [];
  const hallandNs = () => `${ns.natsNamespace}h`;

  beforeAll(async () => {
    ns = await createTestNamespace();
    bastad = await ns.headers({
      userId: "bastad-lead",
      name: "Britt Båstad",
      organisationId: "kommun-1278",
      countyCode: "12",
      roles: ["posom-lead"],
    });
    // A Skåne municipality the requests below do not ask.
    hoganas = await ns.headers({
      userId: "hoganas-lead",
      name: "Hans Höganäs",
      organisationId: "kommun-1284",
      countyCode: "12",
      roles: ["posom-lead"],
    });
    service = await startService(
      createActivationService({
        COUNTY_CODE: "12",
        MUTUAL_AID_HUB_DOMAIN: "national",
        MUTUAL_AID_HUB_STREAM: "NO_HUB_HERE",
      }),
      ns.serviceEnv(),
    );
    harness = await connect(natsConnectOptions(ns.natsUrl));
    const jsm = await jetstreamManager(harness);
    const inbound = subjects.aidInStream(ns.natsNamespace);
    const info = await jsm.streams.info(inbound);
    await jsm.streams.update(inbound, { ...info.config, subjects: [`${hallandNs()}.aid.>`] });
    harness.subscribe(`${ns.natsNamespace}.aid.>`, {
      callback: (_error, message) => {
        sent.push(message.json<EventEnvelope>());
      },
    });
    harness.subscribe(subjects.allEvents(ns.natsNamespace), {
      callback: (_error, message) => {
        local.push(message.json<EventEnvelope>());
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
    await service?.stop();
  });

  /** Delivers a message as the hub would, twice (different message ids: no JetStream dedupe). */
  const deliver = async (event: EventEnvelope, subject?: string) => {
    const js = jetstream(harness);
    const on = subject ?? subjects.aid(hallandNs(), event.countyCode, "12", event.type);
    for (let i = 0; i < 2; i++) await js.publish(on, JSON.stringify(event), { msgID: uuidv7() });
  };
  const requestsOf = async (as: Record<string, string>) =>
    (await (await fetch(`${service.url}/mutual-aid/requests`, { headers: as })).json()) as AidRequest[];
  /** Waits until the inbox consumer has handled everything delivered so far. */
  const settled = () =>
    waitFor(async () => {
      const jsm = await jetstreamManager(harness);
      const info = await jsm.consumers.info(subjects.aidInStream(ns.natsNamespace), AID_INBOX_CONSUMER);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
  const refused = async () =>
    (await deadLetterCounts(service.context.database.db, tables)).find(
      (c) => c.consumer === AID_INBOX_CONSUMER,
    )?.count ?? 0;

  const laholmRequest = (requestId: string, addressedTo = ["kommun-1278"]) =>
    createEvent(AidCrossCountyRequest, {
      organisationId: "kommun-1381",
      countyCode: "13",
      aggregateId: requestId,
      data: {
        requestId,
        incidentId: uuidv7(),
        addressedTo,
        quantity: 3,
        competences: ["support-person-2"],
        languages: ["ar"],
        anticipatedFunction: "Krisstöd i stödcentrum",
        specialRequirements: "",
        place: "Laholms sporthall",
        from: "2026-12-06T08:00:00Z",
        to: "2026-12-06T20:00:00Z",
        contact: { name: "Lena Laholm", phone: "+46 430 150 00", email: "" },
      },
    });

  it("holds Laholm's request once however often it arrives; only Båstad, which was asked, answers", async () => {
    const requestId = uuidv7();
    await deliver(laholmRequest(requestId));
    await settled();
    const seen = (await requestsOf(bastad)).filter((r) => r.id === requestId);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      organisationId: "kommun-1381",
      countyCode: "13",
      remote: true,
      quantity: 3,
      addressedTo: ["kommun-1278"],
      contact: { name: "Lena Laholm", phone: "+46 430 150 00" },
    });
    // Höganäs was not asked: it neither sees nor answers it.
    expect((await requestsOf(hoganas)).map((r) => r.id)).not.toContain(requestId);
    const byHoganas = await postJson(
      `${service.url}/mutual-aid/requests/${requestId}/offers`,
      { quantity: 1 },
      hoganas,
    );
    expect(byHoganas.status).toBe(403);
    // Skåne's picture hears of it once, naming both counties' boards' organisations asked.
    await waitFor(() => local.some((e) => e.aggregateId === requestId));
    expect(local.filter((e) => e.aggregateId === requestId)).toMatchObject([
      { type: "mutual-aid.requested", countyCode: "13", data: { addressedTo: ["kommun-1278"], quantity: 3 } },
    ]);

    const offered = await postJson(
      `${service.url}/mutual-aid/requests/${requestId}/offers`,
      { quantity: 2, lead: { name: "Britt Båstad", phone: "+46 431 770 00" } },
      bastad,
    );
    expect(offered.status).toBe(201);
    const offerId = ((await offered.json()) as { id: string }).id;
    // The answer goes to Halland once, as Båstad in Skåne, with who leads and how many.
    await waitFor(() => sent.some((e) => e.aggregateId === requestId));
    const answers = sent.filter((e) => e.aggregateId === requestId);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({
      type: AidCrossCountyAnswer.type,
      organisationId: "kommun-1278",
      countyCode: "12",
      data: { offerId, decision: "offered", quantity: 2, lead: { name: "Britt Båstad" } },
    });
    // Only Laholm accepts, and only in its own deployment.
    const here = await postJson(`${service.url}/mutual-aid/offers/${offerId}/accept`, {}, bastad);
    expect(here.status).toBe(403);

    // Halmstad, not the asker, claims to accept: refused; Laholm's acceptance counts, once.
    const before = await refused();
    const accepted = (organisationId: string) =>
      createEvent(AidCrossCountyAccepted, {
        organisationId,
        countyCode: "13",
        aggregateId: requestId,
        data: { requestId, offerId },
      });
    await deliver(accepted("kommun-1380"));
    await settled();
    expect(await refused()).toBeGreaterThan(before);
    expect((await requestsOf(bastad)).find((r) => r.id === requestId)?.offers[0]?.status).toBe("offered");
    await deliver(accepted("kommun-1381"));
    await settled();
    expect((await requestsOf(bastad)).find((r) => r.id === requestId)?.offers[0]?.status).toBe("accepted");

    // Båstad sends two people and later releases them: Halland hears the counts after each, never who.
    const staffing = () =>
      sent.filter((e) => e.aggregateId === requestId && e.type === AidCrossCountyStaffing.type);
    const deployed = await postJson(
      `${service.url}/mutual-aid/offers/${offerId}/deployments`,
      { personIds: ["bastad-person-1", "bastad-person-2"] },
      bastad,
    );
    expect(deployed.status).toBe(201);
    await waitFor(() => staffing().length === 1);
    const released = await postJson(`${service.url}/mutual-aid/offers/${offerId}/release`, {}, bastad);
    expect(released.status).toBe(200);
    await waitFor(() => staffing().length === 2);
    expect(staffing()).toMatchObject([
      { organisationId: "kommun-1278", countyCode: "12", data: { offerId, onSite: 2, released: 0 } },
      { organisationId: "kommun-1278", countyCode: "12", data: { offerId, onSite: 0, released: 2 } },
    ]);
    expect(JSON.stringify(staffing())).not.toContain("bastad-person");
  });

  it("offers Båstad's people a debrief once Laholm's work ends, once, and only on Laholm's word", async () => {
    const requestId = uuidv7();
    const request = laholmRequest(requestId);
    await deliver(request);
    await settled();
    const offered = await postJson(
      `${service.url}/mutual-aid/requests/${requestId}/offers`,
      { quantity: 2 },
      bastad,
    );
    expect(offered.status).toBe(201);
    const offerId = ((await offered.json()) as { id: string }).id;
    await deliver(
      createEvent(AidCrossCountyAccepted, {
        organisationId: "kommun-1381",
        countyCode: "13",
        aggregateId: requestId,
        data: { requestId, offerId },
      }),
    );
    await settled();
    const deployed = await postJson(
      `${service.url}/mutual-aid/offers/${offerId}/deployments`,
      { personIds: ["bastad-debrief-1", "bastad-debrief-2"] },
      bastad,
    );
    expect(deployed.status).toBe(201);

    const { incidentId } = request.data as { incidentId: string };
    const ended = (organisationId: string) =>
      createEvent(AidCrossCountyWorkEnded, {
        organisationId,
        countyCode: "13",
        aggregateId: requestId,
        data: { requestId, incidentId, endedAt: "2026-12-06T21:00:00.000Z" },
      });
    const offersMade = () =>
      service.context.database.db
        .select()
        .from(debriefOffers)
        .where(eq(debriefOffers.incidentId, incidentId));
    // Halmstad did not ask: refused, nobody offered.
    const before = await refused();
    await deliver(ended("kommun-1380"));
    await settled();
    expect(await refused()).toBe(before + 2); // delivered twice
    expect(await offersMade()).toEqual([]);
    // Laholm's word, delivered twice: each of Båstad's people offered once, from Båstad.
    await deliver(ended("kommun-1381"));
    await settled();
    expect(await refused()).toBe(before + 2);
    const made = await offersMade();
    expect(made.map((o) => o.personId).sort()).toEqual(["bastad-debrief-1", "bastad-debrief-2"]);
    for (const offer of made) {
      expect(offer).toMatchObject({
        organisationId: "kommun-1278",
        homeOrganisationId: "kommun-1278",
        via: "mutual-aid",
        // Held under Laholm's request: Halland's activation is not held here.
        aidRequestId: requestId,
        activationId: null,
      });
    }
    await waitFor(
      () =>
        local.filter((e) => e.type === "activation.debrief-offered" && e.aggregateId === requestId).length ===
        2,
    );
    expect(
      local.filter((e) => e.type === "activation.debrief-offered" && e.aggregateId === requestId),
    ).toMatchObject([
      { organisationId: "kommun-1278", countyCode: "12", data: { via: "mutual-aid", incidentId } },
      { organisationId: "kommun-1278", countyCode: "12", data: { via: "mutual-aid", incidentId } },
    ]);
    for (const event of local.filter(
      (e) => e.type === "activation.debrief-offered" && e.aggregateId === requestId,
    )) {
      expect(event.data).toMatchObject({ aidRequestId: requestId });
      expect(event.data).not.toHaveProperty("activationId");
    }
    // A third delivery, later, still offers nobody twice.
    await deliver(ended("kommun-1381"));
    await settled();
    expect(await offersMade()).toHaveLength(2);
    // Nothing about Båstad's people went back to Halland.
    expect(JSON.stringify(sent)).not.toContain("bastad-debrief");
  });

  it("is only turned on with the county it carries", () => {
    expect(() => activationSettingsFrom({ MUTUAL_AID_HUB_DOMAIN: "national" })).toThrow(/COUNTY_CODE/);
    expect(() => activationSettingsFrom({ MUTUAL_AID_HUB_DOMAIN: "national", COUNTY_CODE: "1" })).toThrow(
      /COUNTY_CODE/,
    );
    expect(activationSettingsFrom({ COUNTY_CODE: "12", MUTUAL_AID_HUB_DOMAIN: "national" })).toMatchObject({
      COUNTY_CODE: "12",
      MUTUAL_AID_HUB_STREAM: "KS_AID",
    });
  });

  it("refuses a message whose subject or addressees do not match its sender", async () => {
    const before = await refused();
    // Claims Skåne as the sending county on Halland's subject.
    const forged = laholmRequest(uuidv7());
    await deliver(forged, subjects.aid(hallandNs(), "12", "12", forged.type));
    // Asks no organisation of Skåne.
    const elsewhere = laholmRequest(uuidv7(), ["kommun-1380"]);
    await deliver(elsewhere);
    await settled();
    expect(await refused()).toBe(before + 4); // each delivered twice
    const ids = (await requestsOf(bastad)).map((r) => r.id);
    expect(ids).not.toContain(forged.aggregateId);
    expect(ids).not.toContain(elsewhere.aggregateId);
  });

  it("asks Laholm over the bus and takes its answer once, but not an answer from one it did not ask", async () => {
    const incident = await postJson(
      `${service.url}/incidents`,
      {
        organisationId: "kommun-1278",
        countyCode: "12",
        kind: "accident",
        title: "Brand i Båstad",
        location: { lat: 56.43, lon: 12.85 },
        occurredAt: "2026-12-06T06:30:00Z",
        affectedMunicipalities: ["1278"],
      },
      bastad,
    );
    expect(incident.status).toBe(201);
    const asked = await postJson(
      `${service.url}/mutual-aid/requests`,
      {
        incidentId: ((await incident.json()) as { id: string }).id,
        quantity: 2,
        anticipatedFunction: "Krisstöd",
        place: "Båstads kyrka",
        from: "2026-12-06T08:00:00Z",
        to: "2026-12-06T20:00:00Z",
        addressedTo: ["kommun-1381"],
      },
      bastad,
    );
    expect(asked.status).toBe(201);
    const request = (await asked.json()) as AidRequest;
    const incidentId = request.incidentId;
    expect(request).toMatchObject({ remote: false, contact: { name: "Britt Båstad" } });
    // Laholm answers in Halland's deployment, not here (where its answer would be a second one).
    const laholmHere = await ns.headers({
      userId: "laholm-lead",
      name: "Lena Laholm",
      organisationId: "kommun-1381",
      countyCode: "13",
      roles: ["posom-lead"],
    });
    const answeredHere = await postJson(
      `${service.url}/mutual-aid/requests/${request.id}/decline`,
      {},
      laholmHere,
    );
    expect(answeredHere.status).toBe(403);
    expect(await answeredHere.json()).toMatchObject({ code: "answer-in-own-deployment" });
    await waitFor(() => sent.some((e) => e.aggregateId === request.id));
    expect(sent.filter((e) => e.aggregateId === request.id)).toMatchObject([
      {
        type: AidCrossCountyRequest.type,
        organisationId: "kommun-1278",
        countyCode: "12",
        data: { addressedTo: ["kommun-1381"], place: "Båstads kyrka", contact: { name: "Britt Båstad" } },
      },
    ]);

    const answer = (organisationId: string) =>
      createEvent(AidCrossCountyAnswer, {
        organisationId,
        countyCode: "13",
        aggregateId: request.id,
        data: {
          requestId: request.id,
          offerId: uuidv7(),
          decision: "offered",
          quantity: 2,
          note: "",
          lead: { name: "Lena Laholm", phone: "", email: "" },
        },
      });
    const before = await refused();
    await deliver(answer("kommun-1380")); // Halmstad was not asked
    await deliver(answer("kommun-1381"));
    await settled();
    expect(await refused()).toBe(before + 2); // delivered twice
    const [seen] = (await requestsOf(bastad)).filter((r) => r.id === request.id);
    expect(seen?.offers).toHaveLength(1);
    expect(seen?.offers[0]).toMatchObject({
      organisationId: "kommun-1381",
      status: "offered",
      lead: { name: "Lena Laholm" },
    });

    // Båstad accepts: Laholm hears it over the bus, once.
    const accepted = await postJson(
      `${service.url}/mutual-aid/offers/${seen?.offers[0]?.id}/accept`,
      {},
      bastad,
    );
    expect(accepted.status).toBe(200);
    await waitFor(() =>
      sent.some((e) => e.aggregateId === request.id && e.type === AidCrossCountyAccepted.type),
    );
    expect(
      sent.filter((e) => e.type === AidCrossCountyAccepted.type && e.aggregateId === request.id),
    ).toHaveLength(1);

    // Laholm reports how many of its people are on site: Båstad's lead sees the counts on the
    // offer; a report older than the one held, or one by Halmstad (which made no offer), does not
    // change them.
    const offerId = seen?.offers[0]?.id ?? "";
    const staffing = (organisationId: string, onSite: number, released: number, asOf: string) =>
      createEvent(AidCrossCountyStaffing, {
        organisationId,
        countyCode: "13",
        aggregateId: request.id,
        data: { requestId: request.id, offerId, onSite, released, asOf },
      });
    const beforeStaffing = await refused();
    await deliver(staffing("kommun-1381", 1, 1, "2026-12-06T12:00:00.000Z"));
    await deliver(staffing("kommun-1381", 2, 0, "2026-12-06T10:00:00.000Z")); // late
    await deliver(staffing("kommun-1380", 0, 2, "2026-12-06T13:00:00.000Z"));
    await settled();
    expect(await refused()).toBe(beforeStaffing + 2);
    const [withStaffing] = (await requestsOf(bastad)).filter((r) => r.id === request.id);
    expect(withStaffing?.offers[0]?.staffing).toEqual({
      onSite: 1,
      released: 1,
      asOf: "2026-12-06T12:00:00.000Z",
    });
    expect(withStaffing?.offers[0]?.deployed).toEqual([]);
    // Skåne's picture shows it as for its own deployments: once, for the report that counted.
    expect(
      local.filter((e) => e.type === "mutual-aid.staffing-reported" && e.aggregateId === request.id),
    ).toMatchObject([{ countyCode: "12", data: { offerId, onSite: 1, released: 1 } }]);

    // Båstad's work on the incident ends (its ledningsgrupp activation closed; deciding one needs
    // roster, which this test does not run, so the closed activation is written as it would be):
    // Halland, whose Laholm sent people, is told once, so it offers them the debrief (Laholm 3.7).
    const { db } = service.context.database;
    const closedAt = new Date();
    await db.insert(activations).values({
      id: uuidv7(),
      incidentId,
      organisationId: "kommun-1278",
      countyCode: "12",
      group: "management",
      status: "closed",
      decidedByPersonId: "bastad-chief",
      decidedByName: "Bo Båstad",
      decidedByFunctionId: "bastad-chief-function",
      decidedByFunctionTitle: "Förvaltningschef",
      decidedAt: new Date(closedAt.getTime() - 3_600_000),
      reason: "Brand i Båstad",
      needed: 1,
      waitMs: 60_000,
      neighbours: [],
      closedAt,
    });
    const workEnded = () =>
      sent.filter((e) => e.type === AidCrossCountyWorkEnded.type && e.aggregateId === request.id);
    const workEndedInOutbox = async () =>
      (await db.select().from(tables.outbox)).filter((row) =>
        row.subject.endsWith(`.aid.12.13.${AidCrossCountyWorkEnded.type}`),
      );
    const endWork = () =>
      db.transaction((tx) => offerDebriefs(tx, service.context.outbox, "kommun-1278", incidentId));
    await endWork();
    await waitFor(() => workEnded().length === 1);
    expect(workEnded()).toMatchObject([
      {
        organisationId: "kommun-1278",
        countyCode: "12",
        data: { requestId: request.id, incidentId },
      },
    ]);
    // Offered again later (a centre shift told after the close): Halland is not told a second time.
    await endWork();
    expect(await workEndedInOutbox()).toHaveLength(1);
    await waitFor(async () => (await workEndedInOutbox()).every((row) => row.publishedAt !== null));
    expect(workEnded()).toHaveLength(1);
  });
});
