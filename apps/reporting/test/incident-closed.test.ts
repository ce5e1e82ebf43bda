import {
  FullRegionalPicture,
  IncidentClosed,
  IncidentOpened,
  IncidentUpdated,
  PictureChange,
  ReportingStatus,
} from "@krisstod/contracts";
import type { RunningService } from "@krisstod/runtime";
import { openEventStream, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildPicture } from "../src/picture/rebuild.ts";
import {
  type Actors,
  type EventPublisher,
  getJson,
  incident,
  openIncident,
  type Reporting,
  startReporting,
} from "./support.ts";

describe("a closed incident in the regional picture", () => {
  let service: RunningService;
  let publisher: EventPublisher;
  let as: Actors;
  const picture = async () =>
    FullRegionalPicture.parse(await getJson(`${service.url}/picture?county=13`, as.observer));

  let reporting: Reporting;
  beforeAll(async () => {
    reporting = await startReporting();
    ({ service, publisher, as } = reporting);
  });
  afterAll(() => reporting?.stop());

  it("leaves the active list, is pushed to open dashboards, and stays closed after a late open and a rebuild", async () => {
    const open = await openIncident(publisher, service.url, incident(), as.observer);
    const other = await openIncident(
      publisher,
      service.url,
      incident({ title: "Drunkning vid Tylösand" }),
      as.observer,
    );
    const stream = await openEventStream(
      `${service.url}/stream?county=13&lastEventId=${(await picture()).lastEventId}`,
      as.observer,
    );
    try {
      const fields = { organisationId: open.organisationId, countyCode: "13", aggregateId: open.id };
      await publisher.emit(IncidentClosed, { ...fields, data: { ...open, status: "closed" } });

      await waitFor(() => stream.messages.some((m) => m.event === "change"), {
        timeoutMs: 5_000,
        message: "no change reached the open stream",
      });
      const change = PictureChange.parse(
        JSON.parse(stream.messages.find((m) => m.event === "change")?.data ?? ""),
      );
      expect(change).toMatchObject({
        kind: "incident.upserted",
        incident: { id: open.id, status: "closed" },
      });
      // The picture's fields only: the incident's free-text description is not broadcast.
      expect(JSON.stringify(change)).not.toContain("description");

      expect((await picture()).incidents.map((i) => i.id)).toEqual([other.id]);
      // Länsstyrelsen no longer waits for situation reports on a closed incident.
      const status = ReportingStatus.parse(
        await getJson(`${service.url}/situation-reports/status?county=13`, as.observer),
      );
      expect(status.entries.some((e) => e.incidentId === open.id)).toBe(false);

      // A late (redelivered) `incident.opened` does not reopen it.
      await publisher.emit(IncidentOpened, { ...fields, data: open });
      const marker = await openIncident(publisher, service.url, incident({ title: "Markör" }), as.observer);
      expect((await picture()).incidents.map((i) => i.id)).toEqual([other.id, marker.id]);

      const { database, nc, stream: streamName, logger } = service.context;
      const { lastEventId: _live, ...live } = await picture();
      await rebuildPicture({ database, nc, stream: streamName, logger });
      const { lastEventId: _rebuilt, ...rebuilt } = await picture();
      expect(rebuilt).toEqual(live);
    } finally {
      stream.close();
    }
  });

  it("takes an update: an incident that becomes extraordinary is then expected to report, and a late update does not reopen a closed one", async () => {
    const open = await openIncident(
      publisher,
      service.url,
      incident({ title: "Bussolycka i Laholm", extraordinary: false }),
      as.observer,
    );
    const fields = { organisationId: open.organisationId, countyCode: "13", aggregateId: open.id };
    const expected = async () =>
      ReportingStatus.parse(
        await getJson(`${service.url}/situation-reports/status?county=13`, as.observer),
      ).entries.some((e) => e.incidentId === open.id);
    expect(await expected()).toBe(false);
    await publisher.emit(IncidentUpdated, { ...fields, data: { ...open, extraordinary: true } });
    await waitFor(async () => ((await expected()) ? true : undefined), {
      timeoutMs: 5_000,
      message: "the updated incident never became extraordinary in the picture",
    });
    expect((await picture()).incidents.find((i) => i.id === open.id)?.extraordinary).toBe(true);

    await publisher.emit(IncidentClosed, {
      ...fields,
      data: { ...open, extraordinary: true, status: "closed" },
    });
    await publisher.emit(IncidentUpdated, { ...fields, data: { ...open, title: "Sent ändrad" } });
    const marker = await openIncident(publisher, service.url, incident({ title: "Markör 2" }), as.observer);
    const ids = (await picture()).incidents.map((i) => i.id);
    expect(ids).toContain(marker.id);
    expect(ids).not.toContain(open.id);
  });
});
