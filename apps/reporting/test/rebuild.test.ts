import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  CentreChanged,
  CentreOccupancyChanged,
  FullRegionalPicture,
  IncidentOpened,
  MutualAidAccepted,
  MutualAidDeployed,
  MutualAidOffered,
  MutualAidReleased,
  MutualAidRequested,
  PictureSectionChange,
  RosterReadinessChanged,
} from "@krisstod/contracts";
import type { RunningService } from "@krisstod/runtime";
import { openEventStream, type TestNamespace, waitFor } from "@krisstod/testing";
import postgres from "postgres";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPicture } from "../src/picture/picture.store.ts";
import { rebuildPicture } from "../src/picture/rebuild.ts";
import {
  type Actors,
  activationDecided,
  callOutAccepted,
  type EventPublisher,
  getJson,
  incident,
  openIncident,
  type Reporting,
  send,
  startReporting,
} from "./support.ts";

const counts = (present: number | "<5", total: number | "<5") => ({
  present,
  total,
  children: "<5" as const,
  registered: "<5" as const,
  anonymous: present,
  unaccompaniedChildren: "<5" as const,
});

const run = promisify(execFile);

describe("rebuilding the regional picture from the JetStream history", () => {
  let ns: TestNamespace;
  let service: RunningService;
  let publisher: EventPublisher;
  let as: Actors;
  /** The county's picture as its Länsstyrelsen sees it. */
  const picture = async (county: "13" | "12" = "13") =>
    FullRegionalPicture.parse(
      await getJson(
        `${service.url}/picture?county=${county}`,
        county === "13" ? as.observer : as.skaneObserver,
      ),
    );
  const withoutPosition = ({ lastEventId: _position, ...rest }: FullRegionalPicture) => rest;
  /** GET /picture (the replica's picture in memory) shows each county as the tables hold it. */
  const expectTablesAgree = async () => {
    for (const county of ["13", "12"] as const) {
      const fromTables = await readPicture(service.context.database.db, county);
      expect(await picture(county)).toEqual(fromTables);
    }
  };

  let reporting: Reporting;
  beforeAll(async () => {
    reporting = await startReporting();
    ({ ns, service, publisher, as } = reporting);
  });
  afterAll(() => reporting?.stop());

  it("gives the same picture as the live projection, and dashboards are told to reload", async () => {
    const halland = await openIncident(publisher, service.url, incident(), as.observer);
    await openIncident(
      publisher,
      service.url,
      incident({
        organisationId: "kommun-1278",
        countyCode: "12",
        affectedMunicipalities: ["1278"],
        title: "Tågolycka i Båstad",
      }),
      as.skaneObserver,
    );
    const centreId = uuidv7();
    const centre = {
      centreId,
      incidentId: halland.id,
      operator: "joint" as const,
      operatorOrganisationIds: ["kommun-1380", "region-13"],
      name: "Stödcentrum Halmstad Arena",
      location: { lat: 56.68, lon: 12.85 },
      functions: ["information-referral" as const, "crisis-support-follow-up" as const],
      capacity: 200,
    };
    const org = { organisationId: "kommun-1380", countyCode: "13", aggregateId: centreId };
    await publisher.emit(CentreChanged, { ...org, data: { ...centre, status: "open" } });
    await publisher.emit(CentreOccupancyChanged, {
      ...org,
      data: { centreId, incidentId: halland.id, capacity: 200, counts: counts(12, 31) },
    });
    await publisher.emit(RosterReadinessChanged, {
      organisationId: "kommun-1381",
      countyCode: "13",
      aggregateId: "kommun-1381",
      data: {
        organisationId: "kommun-1381",
        level: "partial",
        score: 64,
        previousLevel: null,
        previousScore: null,
        figures: {
          supportPersons: 14,
          supportPersonTarget: 20,
          workplaces: 4,
          largestWorkplaceShare: 0.4,
          trainedShare: 0.7,
          managementMembers: 5,
          coordinator: true,
          managementComplete: true,
          callListReviewedAt: null,
          callListReviewedRecently: false,
        },
        gaps: ["support-persons-below-target"],
      },
    });
    const activationId = uuidv7();
    const activation = {
      activationId,
      incidentId: halland.id,
      organisationId: "kommun-1380",
      group: "management" as const,
    };
    await activationDecided(publisher, activation);
    await callOutAccepted(publisher, { ...activation, personId: "lg-1", accepted: 1 });
    const reported = await send(
      "POST",
      `${service.url}/incidents/${halland.id}/situation-reports`,
      as.halmstad,
      {
        organisationId: "kommun-1380",
        countyCode: "13",
        situation: "Läget stabilt.",
        submittedBy: "Anna Lind",
      },
    );
    expect(reported.status).toBe(201);

    const live = await waitFor(
      async () => {
        const current = await picture();
        const ready =
          // An event from before the rounding sent 12 and 31: the picture shows their bands of 5.
          current.supportCentres?.[0]?.counts.present === 10 &&
          current.readiness?.length === 1 &&
          current.activations?.[0]?.counts.accepted === 1 &&
          current.situationReports?.length === 1;
        return ready ? current : undefined;
      },
      { timeoutMs: 5_000, message: "the live picture did not show every section" },
    );
    const liveSkane = await picture("12");
    expect(liveSkane.incidents.map((i) => i.title)).toEqual(["Tågolycka i Båstad"]);
    expect(live.activations?.map((a) => [a.id, a.group, a.status])).toEqual([
      [activationId, "management", "calling"],
    ]);
    expect(live.supportCentres?.[0]?.counts).toMatchObject({ present: 10, total: 30, children: "<5" });

    // The picture kept in memory (GET /picture) is the tables' picture.
    await expectTablesAgree();

    // A projection gone wrong: a row no event explains, and its change in the feed (written
    // together, as the projection does), which the rebuild must drop.
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const readiness = {
        organisationId: "kommun-1382",
        countyCode: "13",
        level: "ready",
        score: 100,
        gaps: [],
        updatedAt: new Date().toISOString(),
      };
      await sql.begin(async (tx) => {
        await tx`insert into reporting.picture_items (section, id, county_code, item, active)
                 values ('readiness', 'kommun-1382', '13', ${tx.json(readiness)}, true)`;
        await tx`insert into reporting.feed (county_code, change)
                 values ('13', ${tx.json({ kind: "readiness.upserted", readiness })})`;
      });
    } finally {
      await sql.end();
    }
    expect((await picture()).readiness).toHaveLength(2);

    const stream = await openEventStream(`${service.url}/stream?county=13`, {
      ...as.observer,
      "Last-Event-ID": String(live.lastEventId),
    });
    try {
      const { database, nc, stream: streamName, logger } = service.context;
      const result = await rebuildPicture({
        database,
        nc,
        stream: streamName,
        logger,
      });
      expect(result.events).toBeGreaterThanOrEqual(6);

      expect(withoutPosition(await picture("13"))).toEqual(withoutPosition(live));
      expect(withoutPosition(await picture("12"))).toEqual(withoutPosition(liveSkane));

      const reset = await waitFor(() => stream.messages.find((m) => m.event === "reset"), {
        timeoutMs: 5_000,
      });
      expect(PictureSectionChange.parse(JSON.parse(reset.data))).toEqual({
        kind: "picture.rebuilt",
        countyCode: "13",
      });
    } finally {
      stream.close();
    }

    // The live projection carries on after the rebuild, once per event.
    const after = incident({ title: "Översvämning i Falkenberg", affectedMunicipalities: ["1382"] });
    await publisher.emit(IncidentOpened, {
      organisationId: after.organisationId,
      countyCode: "13",
      aggregateId: after.id,
      data: after,
    });
    await waitFor(async () => (await picture()).incidents.some((i) => i.id === after.id), {
      timeoutMs: 5_000,
    });
    expect((await picture()).incidents.filter((i) => i.id === after.id)).toHaveLength(1);
  });

  it("runs as a command (npm run rebuild-picture) against the running system's database and NATS", async () => {
    const before = withoutPosition(await picture("13"));
    const env = ns.envFor("reporting");
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/rebuild.ts"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: {
        ...process.env,
        DATABASE_URL: env.DATABASE_URL,
        NATS_URL: env.NATS_URL,
        NATS_PASSWORD: env.NATS_PASSWORD,
        NATS_NAMESPACE: env.NATS_NAMESPACE,
        LOG_LEVEL: "warn",
      },
    });
    expect(stdout).toMatch(/Rebuilt the regional picture from \d+ events/);
    expect(withoutPosition(await picture("13"))).toEqual(before);
  });

  it("shows a mutual-aid flow in every county involved, and rebuilds it", async () => {
    const halland = await openIncident(publisher, service.url, incident(), as.observer);
    // Laholm asks for help; Båstad, across the county border, offers and sends two people.
    const requestId = uuidv7();
    const offerId = uuidv7();
    const aid = { requestId, incidentId: halland.id };
    const laholm = { organisationId: "kommun-1381", countyCode: "13", aggregateId: requestId };
    const bastad = { organisationId: "kommun-1278", countyCode: "12", aggregateId: requestId };
    await publisher.emit(MutualAidRequested, {
      ...laholm,
      data: {
        ...aid,
        quantity: 4,
        competences: [],
        languages: ["ar"],
        from: new Date().toISOString(),
        to: new Date(Date.now() + 86400_000).toISOString(),
        addressedTo: ["kommun-1380", "kommun-1278"],
      },
    });
    const offered = { ...aid, offerId, offeringOrganisationId: "kommun-1278" };
    await publisher.emit(MutualAidOffered, { ...bastad, data: { ...offered, quantity: 2 } });
    await publisher.emit(MutualAidAccepted, { ...laholm, data: { ...offered, quantity: 2 } });
    await publisher.emit(MutualAidDeployed, { ...bastad, data: { ...offered, personIds: ["b-1", "b-2"] } });

    const flow = await waitFor(async () => {
      const aid = (await picture("12")).mutualAid?.find((a) => a.requestId === requestId);
      return aid?.offers[0]?.deployed === 2 && aid;
    });
    expect([flow.requestingOrganisationId, flow.counties, flow.offers[0]?.accepted]).toEqual([
      "kommun-1381",
      ["12", "13"],
      true,
    ]);
    await expectTablesAgree();
    const before = [withoutPosition(await picture("13")), withoutPosition(await picture("12"))];
    const { database, nc, stream: streamName, logger } = service.context;
    await rebuildPicture({ database, nc, stream: streamName, logger });
    expect([withoutPosition(await picture("13")), withoutPosition(await picture("12"))]).toEqual(before);
    await expectTablesAgree();

    // Everyone sent comes back: the flow is over and leaves both counties' pictures.
    await publisher.emit(MutualAidReleased, { ...bastad, data: { ...offered, personIds: ["b-1", "b-2"] } });
    await waitFor(async () => !(await picture("13")).mutualAid?.some((a) => a.requestId === requestId), {
      timeoutMs: 5_000,
      message: "the flow stayed in the picture",
    });
    await expectTablesAgree();
  });
});
