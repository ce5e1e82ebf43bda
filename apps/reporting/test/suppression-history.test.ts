import { FullRegionalPicture, type PictureSupportCentre } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, openEventStream, type TestNamespace, waitFor } from "@krisstod/testing";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pictureItems } from "../src/db/schema.ts";
import { reportingService } from "../src/index.ts";
import { appendToFeed, Section } from "../src/picture/projection.ts";
import { type Actors, actors, getJson } from "./support.ts";

/**
 * The picture's history carries only what today's suppression allows: a feed entry and a picture
 * item written before counts were rounded to bands of 5 (exact 8 and 13 then) go out rounded now,
 * in the picture and when a dashboard replays the live feed from an old Last-Event-ID.
 */
describe("the picture's history under today's suppression", () => {
  let ns: TestNamespace;
  let service: RunningService;
  let as: Actors;
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
  afterAll(() => service?.stop());

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
});
