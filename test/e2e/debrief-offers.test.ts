import { activationService } from "@krisstod/activation";
import { createEvent, natsConnectOptions } from "@krisstod/bus";
import {
  MyDebriefOffers,
  type Participant,
  type Person,
  StaffCheckedIn,
  subjects,
} from "@krisstod/contracts";
import { findDemoPerson, findDemoUser } from "@krisstod/contracts/demo";
import { reportingService } from "@krisstod/reporting";
import { createRosterService } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import { supportCentresService } from "@krisstod/support-centres";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { halmstadLead, openAndActivate, openHalmstadCentre, postJson } from "./support.ts";

/**
 * Laholm 3.7: "Efter att en POSOM-insats avslutats ska alla som deltagit i arbetet erbjudas
 * stödsamtal." Everyone who took part — called out, sent by a neighbour under mutual aid, on a
 * centre shift — gets the offer once, by SMS and on their own page, across the real services.
 */
describe("debrief offers reach everyone who took part", () => {
  const services: RunningService[] = [];
  let ns: TestNamespace;
  let roster: RunningService;
  let activation: RunningService;
  let centres: RunningService;
  let reporting: RunningService;
  let sql: postgres.Sql;
  const as: Record<string, Record<string, string>> = {};

  const signInAs = async (userId: string, roles?: string[]) => {
    const user = findDemoUser(userId);
    if (!user) throw new Error(`no demo user ${userId}`);
    return ns.headers({ ...user, ...(roles ? { roles: roles as typeof user.roles } : {}) });
  };

  beforeAll(async () => {
    ns = await createTestNamespace();
    roster = await startService(createRosterService(), ns.serviceEnv({ DEMO_DATA: true }));
    activation = await startService(activationService, ns.serviceEnv());
    centres = await startService(supportCentresService, ns.serviceEnv());
    reporting = await startService(reportingService, ns.serviceEnv());
    services.push(roster, activation, centres, reporting);
    sql = postgres(ns.databaseUrl, { max: 1 });
    as.lead = await signInAs("kommun-1380.posom-lead");
    as.activator = await signInAs("kommun-1380.activator");
    as.staff = await ns.headers({ ...halmstadLead, roles: ["centre-staff"] });
    as.laholmLead = await signInAs("kommun-1381.posom-lead");
    as.halmstadSupport = await signInAs("kommun-1380.support-person");
    as.laholmSupport = await signInAs("kommun-1381.support-person");
  });
  afterAll(async () => {
    for (const service of services.reverse()) await service.stop();
    await sql?.end();
  });

  /** The roster id of a demo user (the roster's demo people carry the demo users' names). */
  async function personIdOf(userId: string, headers: Record<string, string>): Promise<string> {
    const demo = findDemoPerson(userId);
    const organisationId = userId.split(".")[0];
    const response = await fetch(`${roster.url}/organisations/${organisationId}/people`, { headers });
    const people = (await response.json()) as Person[];
    const person = people.find((p) => p.givenName === demo?.givenName && p.familyName === demo?.familyName);
    if (!person) throw new Error(`${userId} is not in the roster`);
    return person.id;
  }

  const offersOf = async (headers: Record<string, string>) => {
    const response = await fetch(`${activation.url}/me/debrief-offers`, { headers });
    expect(response.status).toBe(200);
    return MyDebriefOffers.parse(await response.json());
  };
  const offerMessages = (personId: string) =>
    sql<{ channel: string; to: string; body: string; status: string }[]>`
      select channel, "to", body, status from activation.messages
       where person_id = ${personId} and kind = 'debrief-offer'`;

  async function shift(centreId: string, personId: string, homeOrganisationId: string, hour: number) {
    const created = await postJson(
      `${centres.url}/centres/${centreId}/shifts`,
      {
        personId,
        personName: "Stödperson på pass",
        homeOrganisationId,
        plannedStart: `2026-01-13T${String(hour).padStart(2, "0")}:00:00Z`,
        plannedEnd: `2026-01-13T${String(hour + 2).padStart(2, "0")}:00:00Z`,
      },
      as.lead as Record<string, string>,
    );
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const checkIn = await postJson(
      `${centres.url}/centres/${centreId}/shifts/${id}/check-in`,
      {},
      as.staff as Record<string, string>,
    );
    expect(checkIn.status).toBe(200);
    return id;
  }

  it("offers a debrief once to the one called out, the neighbour's helper and the centre's shift staff, by SMS and on their own page", async () => {
    const lead = as.lead as Record<string, string>;
    const { incident, activation: group } = await openAndActivate(
      activation.url,
      { lead, activator: as.activator as Record<string, string> },
      { title: "Brand i Andersberg" },
      { reason: "Många evakuerade", needed: 1 },
    );

    // The first on Halmstad's ledningsgrupp list answers yes through the link in the SMS.
    const [callOut] = await waitFor(async () => {
      const rows = await sql<{ person_id: string; answer_link: string }[]>`
        select person_id, answer_link from activation.messages
         where activation_id = ${group.id} and channel = 'sms'`;
      return rows.length > 0 && rows;
    });
    if (!callOut) throw new Error("nobody called");
    const link = new URL(callOut.answer_link);
    const answered = await postJson(
      `${activation.url}${link.pathname}`,
      { token: link.searchParams.get("token"), answer: "accept" },
      { "Content-Type": "application/json" },
    );
    expect(answered.status).toBe(200);

    // Laholm sends its support person under mutual aid.
    const laholmHelper = await personIdOf(
      "kommun-1381.support-person",
      as.laholmLead as Record<string, string>,
    );
    const request = await postJson(
      `${activation.url}/mutual-aid/requests`,
      {
        incidentId: incident.id,
        quantity: 1,
        anticipatedFunction: "Stödsamtal på stödcentrum",
        place: "Halmstad teater",
        from: new Date().toISOString(),
        to: new Date(Date.now() + 8 * 3_600_000).toISOString(),
        addressedTo: ["kommun-1381"],
      },
      lead,
    );
    expect(request.status).toBe(201);
    const requestId = ((await request.json()) as { id: string }).id;
    const offer = await postJson(
      `${activation.url}/mutual-aid/requests/${requestId}/offers`,
      { quantity: 1 },
      as.laholmLead as Record<string, string>,
    );
    expect(offer.status).toBe(201);
    const offerId = ((await offer.json()) as { id: string }).id;
    expect((await postJson(`${activation.url}/mutual-aid/offers/${offerId}/accept`, {}, lead)).status).toBe(
      200,
    );
    const deployed = await postJson(
      `${activation.url}/mutual-aid/offers/${offerId}/deployments`,
      { personIds: [laholmHelper] },
      as.laholmLead as Record<string, string>,
    );
    expect(deployed.status).toBe(201);

    // Halmstad's own support person works two shifts at the centre.
    const centreId = await openHalmstadCentre(centres.url, incident.id, lead);
    const halmstadSupport = await personIdOf("kommun-1380.support-person", lead);
    await shift(centreId, halmstadSupport, "kommun-1380", 8);
    await shift(centreId, halmstadSupport, "kommun-1380", 12);
    await waitFor(
      async () =>
        (await sql`select 1 from activation.centre_staff where person_id = ${halmstadSupport}`).length === 2,
    );

    // Nothing is offered while the work goes on.
    expect((await offersOf(as.halmstadSupport as Record<string, string>)).offers).toEqual([]);

    const closed = await postJson(`${activation.url}/activations/${group.id}/close`, {}, lead);
    expect(closed.status).toBe(200);

    // Each gets one SMS with the offer, sent although the activation is closed…
    for (const personId of [callOut.person_id, laholmHelper, halmstadSupport]) {
      const messages = await waitFor(async () => {
        const rows = await offerMessages(personId);
        return rows.length > 0 && rows.every((m) => m.status === "sent") && rows;
      });
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ channel: "sms" });
      expect(messages[0]?.body).toContain("stödsamtal");
      expect(messages[0]?.body).toContain("Brand i Andersberg");
    }
    // …and sees it on their own page: the helper from Laholm the offer Halmstad made.
    const helperOffers = await offersOf(as.laholmSupport as Record<string, string>);
    expect(helperOffers.offers).toEqual([
      expect.objectContaining({
        organisationId: "kommun-1380",
        activationId: group.id,
        via: "mutual-aid",
        sentBy: ["sms"],
        incident: { id: incident.id, title: "Brand i Andersberg" },
      }),
    ]);
    const shiftOffers = await offersOf(as.halmstadSupport as Record<string, string>);
    expect(shiftOffers.offers).toEqual([expect.objectContaining({ via: "centre-shift", sentBy: ["sms"] })]);

    // Reporting's after-work lists all three as offered, the helper and shift staff included.
    const participants = await waitFor(async () => {
      const response = await fetch(`${reporting.url}/activations/${group.id}/participants`, {
        headers: lead,
      });
      const list = (await response.json()) as Participant[];
      return list.length === 3 && list.every((p) => p.debrief.status === "offered") && list;
    });
    expect(participants.map((p) => p.personId).sort()).toEqual(
      [callOut.person_id, laholmHelper, halmstadSupport].sort(),
    );

    // A redelivered check-in, and another shift told after the close, offer nobody twice.
    const nc = await connect(natsConnectOptions(ns.natsUrl));
    try {
      const again = createEvent(StaffCheckedIn, {
        organisationId: "kommun-1380",
        countyCode: "13",
        aggregateId: uuidv7(),
        data: {
          shiftId: uuidv7(),
          centreId: centreId,
          incidentId: incident.id,
          personId: halmstadSupport,
          homeOrganisationId: "kommun-1380",
          viaMutualAid: false,
          checkedInAt: new Date().toISOString(),
        },
      });
      const subject = subjects.event(ns.natsNamespace, "13", "kommun-1380", StaffCheckedIn.type);
      // A fresh msgID each time, so JetStream delivers the same event twice to the consumer.
      for (let i = 0; i < 2; i++) {
        await jetstream(nc).publish(subject, JSON.stringify(again), { msgID: uuidv7() });
      }
    } finally {
      await nc.close();
    }
    await waitFor(
      async () =>
        (await sql`select 1 from activation.centre_staff where person_id = ${halmstadSupport}`).length === 3,
    );
    // A late shift of someone new is offered after the close, at once.
    const lateHelper = await personIdOf("kommun-1380.ledningsgrupp", lead);
    await shift(centreId, lateHelper, "kommun-1380", 16);
    await waitFor(async () => (await offerMessages(lateHelper)).some((m) => m.status === "sent"));
    expect(await offerMessages(halmstadSupport)).toHaveLength(1);
    expect((await offersOf(as.halmstadSupport as Record<string, string>)).offers).toHaveLength(1);
    expect(
      await sql`select person_id from activation.debrief_offers where incident_id = ${incident.id} order by person_id`,
    ).toHaveLength(4);
  });
});
