import { createEvent } from "@krisstod/bus";
import {
  type EventEnvelope,
  MutualAidDeployed,
  MutualAidReleased,
  MutualAidRequested,
  Person,
  subjects,
} from "@krisstod/contracts";
import { waitFor } from "@krisstod/testing";
import { eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployments, inbox } from "../src/db/schema.ts";
import { DEPLOYMENTS_CONSUMER } from "../src/deployments/deployments.store.ts";
import { createMunicipality, type Harness, startRoster } from "./harness.ts";

const halmstad = "kommun-1380";
const laholm = "kommun-1381";
const falkenberg = "kommun-1382";

/** JetStream's answer to a publish: a duplicate would not be stored (or delivered) again. */
interface PubAck {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
}

interface AuditRowBody {
  action: string;
  subjectId: string;
  subjectOrganisationId: string;
  actorUserId: string;
  actorOrganisationId: string;
  reason: string | null;
}

/**
 * Mutual aid as the activation service reports it on the bus (Laholm asks, Halmstad deploys and
 * releases a support person), published onto the namespace's stream the way an outbox relay does.
 */
describe("roster: a deployed support person's contact details under mutual aid", () => {
  let h: Harness;
  let personId: string;
  const incidentId = uuidv7();
  const requestId = uuidv7();
  const offerId = uuidv7();
  let deployEvent: EventEnvelope;

  const halmstadLead = () =>
    h.as({ organisationId: halmstad, roles: ["posom-lead"], userId: "halmstad-lead" });
  const laholmLead = () => h.as({ organisationId: laholm, roles: ["posom-lead"], userId: "laholm-lead" });
  const falkenbergLead = () => h.as({ organisationId: falkenberg, roles: ["posom-lead"] });

  /**
   * Puts the event on the namespace's stream (the stream answers a request on its subjects with its
   * acknowledgement). Without a Nats-Msg-Id the stream keeps every copy, so publishing an event
   * again is a redelivery as the consumer sees it.
   */
  async function publish(event: EventEnvelope) {
    const subject = subjects.event(h.ns.natsNamespace, event.countyCode, event.organisationId, event.type);
    const ack = (await h.nc.request(subject, JSON.stringify(event))).json<PubAck>();
    expect(ack.stream).toBe(h.service.context.stream);
    expect(ack.duplicate ?? false).toBe(false);
    return event;
  }
  const aid = (
    definition: typeof MutualAidDeployed | typeof MutualAidReleased,
    data: { offerId: string; personIds: string[]; offeringOrganisationId?: string },
    occurredAt?: Date,
  ) =>
    createEvent(definition, {
      organisationId: laholm,
      countyCode: "13",
      aggregateId: requestId,
      ...(occurredAt ? { occurredAt } : {}),
      data: { requestId, incidentId, offeringOrganisationId: halmstad, ...data },
    });
  const handled = async (eventId: string) => {
    await waitFor(async () => {
      const rows = await h.service.context.database.db.select().from(inbox).where(eq(inbox.eventId, eventId));
      return rows.some((row) => row.consumer === DEPLOYMENTS_CONSUMER);
    });
  };
  const rowsOf = (id: string) =>
    h.service.context.database.db.select().from(deployments).where(eq(deployments.personId, id));
  const read = async (as: ReturnType<typeof laholmLead>, id = personId) => {
    const response = await as(`/people/${id}`);
    return {
      status: response.status,
      body: response.status === 200 ? Person.parse(await response.json()) : null,
    };
  };
  const addSupportPerson = async (givenName: string, phone: string) => {
    const response = await halmstadLead()(`/organisations/${halmstad}/people`, {
      method: "POST",
      json: {
        givenName,
        familyName: "Halmstadsson",
        role: "support-person",
        workplace: "Skolan",
        phones: [phone],
      },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    h = await startRoster();
    await createMunicipality(h, halmstad, "Halmstads kommun");
    await createMunicipality(h, laholm, "Laholms kommun");
    await createMunicipality(h, falkenberg, "Falkenbergs kommun");
    personId = await addSupportPerson("Hanna", "070-123 45 67");
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("shows Laholm's lead nothing of a Halmstad support person before a deployment", async () => {
    // A request names nobody: the consumer takes it and opens nothing.
    const requested = await publish(
      createEvent(MutualAidRequested, {
        organisationId: laholm,
        countyCode: "13",
        aggregateId: requestId,
        data: {
          requestId,
          incidentId,
          quantity: 1,
          competences: [],
          languages: [],
          from: "2026-11-28T08:00:00Z",
          to: "2026-11-28T20:00:00Z",
          addressedTo: [halmstad],
        },
      }),
    );
    await handled(requested.id);
    expect((await read(laholmLead())).status).toBe(403);
    expect(await (await laholmLead()(`/organisations/${laholm}/deployed-people`)).json()).toEqual([]);
  });

  it("lets Laholm's leads, and no one else outside Halmstad, see the phone while deployed", async () => {
    deployEvent = await publish(aid(MutualAidDeployed, { offerId, personIds: [personId] }));
    await handled(deployEvent.id);

    const byLaholm = await read(laholmLead());
    expect(byLaholm.status).toBe(200);
    expect(byLaholm.body?.phones).toEqual(["+46701234567"]);
    const byPkl = await read(h.as({ organisationId: laholm, roles: ["pkl-lead"] }));
    expect(byPkl.body?.phones).toEqual(["+46701234567"]);
    // Laholm's other roles and a third municipality's lead are refused.
    expect((await read(h.as({ organisationId: laholm, roles: ["ledningsgrupp"] }))).status).toBe(403);
    expect((await read(falkenbergLead())).status).toBe(403);
    // Laholm sees the deployed person, not Halmstad's roster.
    const listed = Person.array().parse(
      await (await laholmLead()(`/organisations/${laholm}/deployed-people`)).json(),
    );
    expect(listed.map((p) => [p.id, p.phones])).toEqual([[personId, ["+46701234567"]]]);
    expect((await laholmLead()(`/organisations/${halmstad}/people`)).status).toBe(403);
    expect((await falkenbergLead()(`/organisations/${laholm}/deployed-people`)).status).toBe(403);
  });

  it("keeps one deployment when the deploy event is delivered again", async () => {
    // The same event again: the stream keeps the copy and the consumer gets it a second time.
    await publish(deployEvent);
    const marker = await publish(aid(MutualAidDeployed, { offerId: uuidv7(), personIds: ["not-in-roster"] }));
    await handled(marker.id);
    expect(await rowsOf(personId)).toHaveLength(1);
  });

  it("puts Laholm's reads on Halmstad's audit trail for Halmstad's admin", async () => {
    const response = await h.as({ organisationId: halmstad, roles: ["org-admin"] })("/audit");
    expect(response.status).toBe(200);
    const rows = (await response.json()) as AuditRowBody[];
    const byLaholm = rows.filter((row) => row.subjectId === personId && row.actorOrganisationId === laholm);
    // Each successful read by a Laholm lead: GET by posom and pkl leads, and the deployed-people list.
    expect(byLaholm).toHaveLength(3);
    expect(byLaholm.every((row) => row.action === "read" && row.subjectOrganisationId === halmstad)).toBe(
      true,
    );
    expect(byLaholm.every((row) => row.reason === `mutual aid ${requestId}`)).toBe(true);
    expect(byLaholm.map((row) => row.actorUserId)).toContain("laholm-lead");
  });

  it("closes Laholm's access on release, and Halmstad's own lead still sees the phone", async () => {
    const released = await publish(aid(MutualAidReleased, { offerId, personIds: [personId] }));
    await handled(released.id);
    expect((await read(laholmLead())).status).toBe(403);
    expect(await (await laholmLead()(`/organisations/${laholm}/deployed-people`)).json()).toEqual([]);
    expect((await read(halmstadLead())).body?.phones).toEqual(["+46701234567"]);
  });

  it("opens nothing when a release overtakes its deployment, or the event names another organisation's person", async () => {
    const late = await addSupportPerson("Hugo", "070-765 43 21");
    const lateOffer = uuidv7();
    const deployedAt = new Date(Date.now() - 60_000);
    // The release is handled first (the deploy was retried later): the deployment stays closed.
    const release = await publish(aid(MutualAidReleased, { offerId: lateOffer, personIds: [late] }));
    await handled(release.id);
    const deploy = await publish(
      aid(MutualAidDeployed, { offerId: lateOffer, personIds: [late] }, deployedAt),
    );
    await handled(deploy.id);
    expect(await rowsOf(late)).toHaveLength(1);
    expect((await read(laholmLead(), late)).status).toBe(403);
    // Falkenberg cannot lend Halmstad's people.
    const forged = await publish(
      aid(MutualAidDeployed, { offerId: uuidv7(), personIds: [late], offeringOrganisationId: falkenberg }),
    );
    await handled(forged.id);
    expect((await read(laholmLead(), late)).status).toBe(403);
  });
});
