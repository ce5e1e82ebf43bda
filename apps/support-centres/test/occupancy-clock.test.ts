import { CentreOccupancyChanged, type SuppressedCentreCounts } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { type Client, client, createTestNamespace, waitFor } from "@krisstod/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishOccupancy, tickOf } from "../src/centres/occupancy-clock.ts";
import { incidentLocations, outbox } from "../src/db/schema.ts";
import { createSupportCentresService } from "../src/service.ts";
import { centreBody, people, publishIncidentOpened } from "./helpers.ts";

const { halmstadPosomLead, halmstadStaff, countyObserver, varbergPosomLead } = people;

const below5: SuppressedCentreCounts = {
  present: "<5",
  total: "<5",
  children: "<5",
  registered: "<5",
  anonymous: "<5",
  unaccompaniedChildren: "<5",
  phoneContacts: "<5",
};

/**
 * Issue 18, "suppression that survives arithmetic": a centre's figures leave its organisation on a
 * clock, with the counts of that moment, never in the transaction of the change — so that whoever
 * receives every occupancy event cannot count the arrivals and departures between two of them.
 * The service here ticks only once an hour; the tests drive the ticks themselves (publishOccupancy,
 * as the clock calls it), so what is published at a tick is exact, not a race.
 */
describe("the occupancy clock", () => {
  let service: RunningService;
  let api: Client;
  let incidentId: string;
  const scene = { lat: 56.6745, lon: 12.8578 + 0.016 };
  const hour = 3_600_000;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    service = await startService(
      createSupportCentresService({ OCCUPANCY_PUBLISH_INTERVAL_MS: String(hour) }),
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

  const db = () => service.context.database.db;
  // Ticks after the next hour and after every change the tests make (a closed centre is due again
  // only if it closed after its last publication). The service's own hourly tick falls before them.
  const base = tickOf(new Date(), hour).getTime() + hour;
  const at = (n: number) => new Date(base + n * 60_000).toISOString();
  const tick = (n: number) => publishOccupancy(db(), service.context.outbox, new Date(at(n)));
  /** The occupancy events the centre has in its outbox, oldest first. */
  async function events(centreId: string) {
    const rows = await db()
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(
        and(
          sql`${outbox.payload}->>'type' = ${CentreOccupancyChanged.type}`,
          sql`${outbox.payload}->'data'->>'centreId' = ${centreId}`,
        ),
      )
      .orderBy(outbox.seq);
    return rows.map((r) => CentreOccupancyChanged.data.parse((r.payload as { data: unknown }).data));
  }
  async function openCentre() {
    const created = await api.as(halmstadPosomLead).post("/centres", centreBody(incidentId));
    await api.as(halmstadPosomLead).post(`/centres/${created.json.id}/open`);
    return created.json.id as string;
  }
  const arrive = (centre: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, () => api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {})),
    );

  it("another organisation sees nothing of the arrivals until the next tick; the operators see them at once", async () => {
    const centre = await openCentre();
    await arrive(centre, 6);
    const own = await api.as(halmstadPosomLead).get(`/centres/${centre}`);
    expect(own.json.counts).toMatchObject({ present: 6, total: 6 });
    expect(own.json.countsAsOf).toBeUndefined();
    for (const outsider of [countyObserver, varbergPosomLead]) {
      const seen = await api.as(outsider).get(`/centres/${centre}`);
      expect(seen.json).toMatchObject({ countsSuppressed: true, counts: below5, countsAsOf: null });
    }
    expect(await events(centre)).toEqual([]);

    await tick(1);
    const seen = await api.as(varbergPosomLead).get(`/centres/${centre}`);
    expect(seen.json.counts).toMatchObject({ present: 5, total: 5, anonymous: 5, registered: "<5" });
    expect(seen.json.countsAsOf).toBe(at(1));
    expect(await events(centre)).toEqual([
      expect.objectContaining({ counts: seen.json.counts, asOf: at(1) }),
    ]);
  });

  it("one publication per centre per tick, however many replicas tick at once", async () => {
    const centre = await openCentre();
    await arrive(centre, 2);
    // Two replicas reaching the same tick together, and one of them again.
    await Promise.all([tick(2), tick(2)]);
    await tick(2);
    const published = await events(centre);
    expect(published.map((e) => e.asOf)).toEqual([at(2)]);
    // An earlier tick arriving late (a replica whose clock is behind) publishes nothing either.
    await tick(1);
    expect(await events(centre)).toHaveLength(1);
  });

  it("a tick publishes only when the figures it would publish differ; another organisation sees the tick they were published at", async () => {
    const centre = await openCentre();
    await tick(3); // the first tick publishes
    await tick(4);
    await arrive(centre, 1); // still "<5": nothing new to publish
    await tick(5);
    await arrive(centre, 4);
    await tick(6);
    const published = await events(centre);
    expect(published.map((e) => [e.asOf, e.counts.total])).toEqual([
      [at(3), "<5"],
      [at(6), 5],
    ]);
    expect((await api.as(countyObserver).get(`/centres/${centre}`)).json.countsAsOf).toBe(at(6));
  });

  it("a centre that closed since the last tick publishes its final figures once, then no more", async () => {
    const centre = await openCentre();
    // A tick now, before it closes (the other tests' ticks lie ahead).
    const now = new Date();
    await publishOccupancy(db(), service.context.outbox, now);
    const visitors = await arrive(centre, 5);
    for (const visitor of visitors) {
      await api.as(halmstadStaff).post(`/centres/${centre}/visitors/${visitor.json.id}/departure`, {});
    }
    expect((await api.as(halmstadPosomLead).post(`/centres/${centre}/close`)).json.status).toBe("closed");
    await tick(8);
    await tick(9);
    const published = await events(centre);
    expect(published.map((e) => [e.asOf, e.counts.total, e.counts.present])).toEqual([
      [now.toISOString(), "<5", "<5"],
      [at(8), 5, "<5"],
    ]);
  });

  it("ticks fall on multiples of the interval, the same on every replica", () => {
    expect(tickOf(new Date("2026-12-06T10:00:59.999Z"), 60_000).toISOString()).toBe(
      "2026-12-06T10:00:00.000Z",
    );
    expect(tickOf(new Date("2026-12-06T10:01:00.000Z"), 60_000).toISOString()).toBe(
      "2026-12-06T10:01:00.000Z",
    );
  });
});
