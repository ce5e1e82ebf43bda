import {
  CentreChanged,
  CentreOccupancyChanged,
  FullRegionalPicture,
  type PictureSupportCentre,
} from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, openEventStream, type TestNamespace, waitFor } from "@krisstod/testing";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pictureItems } from "../src/db/schema.ts";
import { reportingService } from "../src/index.ts";
import { appendToFeed, Section } from "../src/picture/projection.ts";
import {
  type Actors,
  actors,
  type EventPublisher,
  eventPublisher,
  getJson,
  incident,
  openIncident,
} from "./support.ts";

/**
 * The picture's history carries only what today's suppression allows: a feed entry and a picture
 * item written before counts were rounded to bands of 5 (exact 8 and 13 then) go out rounded now,
 * in the picture and when a dashboard replays the live feed from an old Last-Event-ID.
 */
describe("the picture's history under today's suppression", () => {
  let ns: TestNamespace;
  let service: RunningService;
  let as: Actors;
  let publisher: EventPublisher;
  const centre: PictureSupportCentre = {
    id: uuidv7(),
    incidentId: uuidv7(),
    countyCode: "13",
    operator: "posom",
    operatorOrganisationIds: ["kommun-1380"],
    name: "Gamla centrumet",
    location: { lat: 56.67, lon: 12.86 },
    capacity: 100,
    status: "open",
    counts: {
      present: 8,
      total: 13,
      children: "<5",
      registered: 8,
      anonymous: 5,
      unaccompaniedChildren: "<5",
    },
    openedAt: new Date().toISOString(),
  };

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
    as = await actors(ns);
    publisher = await eventPublisher(ns.natsUrl, ns.natsNamespace);
    // As the projection before the rounding wrote them.
    await service.context.database.db.transaction(async (tx) => {
      await tx.insert(pictureItems).values({
        section: Section.supportCentres,
        id: centre.id,
        countyCode: "13",
        item: centre,
        active: true,
      });
      await appendToFeed(tx, [{ countyCode: "13", change: { kind: "support-centre.upserted", centre } }]);
    });
  });
  afterAll(async () => {
    await publisher?.close();
    await service?.stop();
  });

  const banded = { present: 5, total: 10, registered: 5, anonymous: 5, children: "<5" };

  it("the picture shows the old centre's counts in bands of 5", async () => {
    const picture = FullRegionalPicture.parse(await getJson(`${service.url}/picture?county=13`, as.observer));
    expect(picture.supportCentres?.find((c) => c.id === centre.id)?.counts).toMatchObject(banded);
  });

  it("replaying the live feed from the start gives the old change in bands of 5", async () => {
    const stream = await openEventStream(`${service.url}/stream?county=13`, {
      ...as.observer,
      "Last-Event-ID": "0",
    });
    try {
      const message = await waitFor(() =>
        stream.messages.find((m) => m.event === "section" && m.data.includes(centre.id)),
      );
      const change = JSON.parse(message.data) as { centre: PictureSupportCentre };
      expect(change.centre.counts).toMatchObject(banded);
      expect(message.data).not.toContain('"total":13');
    } finally {
      stream.close();
    }
  });

  it("shows a centre's counts of the clock's last tick with that tick, and a tick redelivered late does not put older figures back", async () => {
    const { id: incidentId } = await openIncident(publisher, service.url, incident(), as.observer);
    const centreId = uuidv7();
    const org = { organisationId: "kommun-1380", countyCode: "13", aggregateId: centreId };
    await publisher.emit(CentreChanged, {
      ...org,
      data: {
        centreId,
        incidentId,
        operator: "posom",
        operatorOrganisationIds: ["kommun-1380"],
        name: "Klockcentrumet",
        location: { lat: 56.68, lon: 12.85 },
        functions: ["information-referral"],
        capacity: 100,
        status: "open",
      },
    });
    const at = (minute: number) => `2026-12-06T10:0${minute}:00.000Z`;
    const tick = (minute: number, total: number | "<5") =>
      publisher.emit(CentreOccupancyChanged, {
        ...org,
        data: {
          centreId,
          incidentId,
          capacity: 100,
          counts: {
            present: "<5",
            total,
            children: "<5",
            registered: "<5",
            anonymous: total,
            unaccompaniedChildren: "<5",
          },
          asOf: at(minute),
        },
      });
    await tick(1, "<5");
    await tick(3, 10);
    // A replica's or a redelivery's older tick, after the newer one.
    await tick(2, 5);
    const shown = async () =>
      FullRegionalPicture.parse(
        await getJson(`${service.url}/picture?county=13`, as.observer),
      ).supportCentres?.find((c) => c.id === centreId);
    await waitFor(async () => (await shown())?.countsAsOf === at(3));
    // Give the late tick time to be (not) applied: the consumer handles events in stream order.
    const marker = uuidv7();
    await publisher.emit(CentreChanged, {
      organisationId: "kommun-1380",
      countyCode: "13",
      aggregateId: marker,
      data: {
        centreId: marker,
        incidentId,
        operator: "posom",
        operatorOrganisationIds: ["kommun-1380"],
        name: "Markör",
        location: { lat: 56.68, lon: 12.85 },
        functions: ["information-referral"],
        capacity: 10,
        status: "open",
      },
    });
    await waitFor(async () =>
      FullRegionalPicture.parse(
        await getJson(`${service.url}/picture?county=13`, as.observer),
      ).supportCentres?.some((c) => c.id === marker),
    );
    const centre = await shown();
    expect(centre?.countsAsOf).toBe(at(3));
    expect(centre?.counts.total).toBe(10);
  });
});
