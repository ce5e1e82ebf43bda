import { IncidentClosed, IncidentOpened, IncidentUpdated } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { type Client, client, createTestNamespace, waitFor } from "@krisstod/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentLocations, tables } from "../src/db/schema.ts";
import { createSupportCentresService } from "../src/service.ts";
import { centreBody, incidentEvent, people, publishEvent } from "./helpers.ts";

// An incident changes after it was opened: its place is corrected, then it is closed. Where a
// centre may be opened follows each change, and a repeated or late event changes nothing
// (real NATS, real PostgreSQL; the events are published as the activation service publishes them).

const { halmstadPosomLead } = people;
/** First reported at the theatre's doorstep; the real scene is 2 km north. */
const reported = { lat: 56.6745, lon: 12.8578 };
const corrected = { lat: 56.6925, lon: 12.8578 };
const nearby = (place: { lat: number; lon: number }) => ({ lat: place.lat + 0.0005, lon: place.lon });

describe("support-centres follows an incident as it changes", () => {
  let service: RunningService;
  let api: Client;
  const id = "0190f3c0-0000-7000-8000-00000000c0de";

  beforeAll(async () => {
    const ns = await createTestNamespace();
    service = await startService(
      createSupportCentresService({ CENTRE_MIN_DISTANCE_FROM_INCIDENT_M: "300" }),
      ns.serviceEnv(),
    );
    api = client(service, ns.issuer);
  });
  afterAll(() => service?.stop());

  const stored = async (incidentId = id) =>
    (
      await service.context.database.db
        .select()
        .from(incidentLocations)
        .where(eq(incidentLocations.incidentId, incidentId))
    )[0];
  /** Waits until the consumer has handled `eventId` (its inbox row commits with the effect). */
  const handled = async (eventId: string, incidentId = id) => {
    const { db } = service.context.database;
    await waitFor(
      async () =>
        (
          await db
            .select()
            .from(tables.inbox)
            .where(
              and(
                eq(tables.inbox.consumer, "support-centres-incident-locations"),
                eq(tables.inbox.eventId, eventId),
              ),
            )
        )[0],
      { message: `event ${eventId} handled` },
    );
    const row = await stored(incidentId);
    if (!row) throw new Error("no incident row");
    return row;
  };
  const openCentreAt = (place: { lat: number; lon: number }) =>
    api
      .as(halmstadPosomLead)
      .post("/centres", centreBody(id, { location: { ...place, address: "Halmstad" } }));

  it("measures the distance to the scene from the place as corrected by incident.updated", async () => {
    const opened = incidentEvent(IncidentOpened, { id, ...reported });
    await publishEvent(service, opened);
    await handled(opened.id);
    expect((await openCentreAt(nearby(reported))).status).toBe(422);

    const moved = incidentEvent(IncidentUpdated, { id, ...corrected });
    await publishEvent(service, moved);
    await handled(moved.id);

    const atNewScene = await openCentreAt(nearby(corrected));
    expect(atNewScene.status).toBe(422);
    expect(atNewScene.json.errors.map((e: { field: string }) => e.field)).toContain("location");
    // The first reported place is 2 km from the real scene: a centre may be there now.
    const atOldPlace = await openCentreAt(nearby(reported));
    expect(atOldPlace.status).toBe(201);
    expect(atOldPlace.json.distanceFromIncidentMetres).toBeGreaterThan(1900);

    // incident.opened delivered again (a redelivery, a replay): the corrected place stays.
    // Another incident's event after it: once that one is handled, so is the repeat (stream order).
    await publishEvent(service, opened);
    const another = incidentEvent(IncidentOpened, {
      id: "0190f3c0-0000-7000-8000-0000000a0001",
      ...reported,
    });
    await publishEvent(service, another);
    await handled(another.id);
    const row = await stored();
    expect({ lat: row?.lat, lon: row?.lon, status: row?.status }).toEqual({ ...corrected, status: "open" });
  });

  // Laholm 1.2: POSOM supports "vid allvarliga händelser på annan ort/land där invånare från
  // Laholms kommun är inblandade". The scene is abroad; the centre is where those affected live.
  it("keeps no centre off an incident abroad: its place is where those affected live", async () => {
    const abroadId = "0190f3c0-0000-7000-8000-0000000ab0ad";
    const home = { lat: 56.6745, lon: 12.8578 };
    const opened = incidentEvent(IncidentOpened, { id: abroadId, ...home, kind: "abroad" });
    await publishEvent(service, opened);
    const { db } = service.context.database;
    await waitFor(async () => {
      const [row] = await db
        .select()
        .from(incidentLocations)
        .where(eq(incidentLocations.incidentId, abroadId));
      return row?.abroad === true;
    });
    const atHome = await api
      .as(halmstadPosomLead)
      .post("/centres", centreBody(abroadId, { location: { ...nearby(home), address: "Halmstad" } }));
    expect(atHome.status, JSON.stringify(atHome.json)).toBe(201);
    expect(atHome.json.distanceFromIncidentMetres).toBeNull();
    // Learnt later that it happened here after all: the scene is kept off again.
    const here = incidentEvent(IncidentUpdated, { id: abroadId, ...home, kind: "accident" });
    await publishEvent(service, here);
    await waitFor(async () => {
      const [row] = await db
        .select()
        .from(incidentLocations)
        .where(eq(incidentLocations.incidentId, abroadId));
      return row?.abroad === false;
    });
    const atScene = await api
      .as(halmstadPosomLead)
      .post("/centres", centreBody(abroadId, { location: { ...nearby(home), address: "Halmstad" } }));
    expect(atScene.status).toBe(422);
  });

  // Halland: "Stödcentrum kan etableras av både POSOM och PKL i drabbad kommun."
  it("has POSOM centres opened by a municipality the incident affects, as the incident's updates say", async () => {
    const fireId = "0190f3c0-0000-7000-8000-0000000f17e0";
    const scene = { lat: 56.6745, lon: 12.8578 };
    const varbergPlace = { location: { lat: 57.1057, lon: 12.2508, address: "Varbergs sporthall" } };
    const asVarberg = () =>
      api
        .as(people.varbergPosomLead)
        .post("/centres", centreBody(fireId, { posomOrganisationId: "kommun-1383", ...varbergPlace }));
    const opened = incidentEvent(IncidentOpened, { id: fireId, ...scene, affectedMunicipalities: ["1380"] });
    await publishEvent(service, opened);
    expect((await handled(opened.id, fireId)).affectedMunicipalities).toEqual(["1380"]);

    const refused = await asVarberg();
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({
      code: "municipality-not-affected",
      errors: [{ field: "posomOrganisationId" }],
    });
    // Called in for Halmstad (Laholm 3.1's fallback to a neighbour), Varberg's POSOM sets the
    // centre up in Halmstad, the affected municipality.
    const inHalmstad = await api.as(people.varbergPosomLead).post(
      "/centres",
      centreBody(fireId, {
        posomOrganisationId: "kommun-1383",
        location: { ...corrected, address: "Halmstad, Brottkärr" },
      }),
    );
    expect(inHalmstad.status, JSON.stringify(inHalmstad.json)).toBe(201);
    // Varberg's residents were on the bus: the incident now affects Varberg too.
    const widened = incidentEvent(IncidentUpdated, {
      id: fireId,
      ...scene,
      affectedMunicipalities: ["1380", "1383"],
    });
    await publishEvent(service, widened);
    expect((await handled(widened.id, fireId)).affectedMunicipalities).toEqual(["1380", "1383"]);
    const allowed = await asVarberg();
    expect(allowed.status, JSON.stringify(allowed.json)).toBe(201);
    // Halmstad, affected from the start, opens its own as before.
    const halmstad = await api
      .as(halmstadPosomLead)
      .post("/centres", centreBody(fireId, { location: { ...nearby(corrected), address: "Halmstad" } }));
    expect(halmstad.status, JSON.stringify(halmstad.json)).toBe(201);
  });

  it("opens no centre for a closed incident, and a late update does not reopen it", async () => {
    const late = incidentEvent(IncidentUpdated, { id, ...reported }); // made before the close…
    const closed = incidentEvent(IncidentClosed, { id, ...corrected });
    await publishEvent(service, closed);
    await handled(closed.id);
    await publishEvent(service, late); // …but delivered after it.
    await publishEvent(service, closed); // and the close once more.
    const row = await handled(late.id);
    expect({ lat: row.lat, lon: row.lon, status: row.status }).toEqual({ ...corrected, status: "closed" });

    const refused = await openCentreAt(nearby(reported));
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("incident-closed");
  });
});
