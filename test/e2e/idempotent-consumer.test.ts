import { createEvent, natsConnectOptions } from "@krisstod/bus";
import { IncidentOpened, RegionalPicture, subjects } from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import postgres from "postgres";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("the reporting consumer", () => {
  let ns: TestNamespace;
  let reporting: RunningService;
  let nc: NatsConnection;
  let sql: postgres.Sql;
  let observer: Record<string, string>;

  beforeAll(async () => {
    ns = await createTestNamespace();
    reporting = await startService(reportingService, ns.serviceEnv());
    nc = await connect(natsConnectOptions(ns.natsUrl));
    sql = postgres(ns.databaseUrl, { max: 1 });
    observer = await ns.headers({ organisationId: "lansstyrelsen-13", roles: ["county-observer"] });
  });
  afterAll(async () => {
    await reporting?.stop();
    await nc?.close();
    await sql?.end();
  });

  function incidentEvent(title: string) {
    const id = uuidv7();
    return createEvent(IncidentOpened, {
      organisationId: "kommun-1383",
      countyCode: "13",
      aggregateId: id,
      data: {
        id,
        organisationId: "kommun-1383",
        countyCode: "13",
        kind: "accident",
        title,
        description: "",
        location: { lat: 57.1, lon: 12.25 },
        occurredAt: new Date().toISOString(),
        affectedMunicipalities: ["1383"],
        extraordinary: false,
        crisisManagementActivated: false,
        status: "open",
        createdAt: new Date().toISOString(),
      },
    });
  }

  const subject = (type: string) => subjects.event(ns.natsNamespace, "13", "kommun-1383", type);

  it("has the effect of a redelivered event once", async () => {
    const event = incidentEvent("Olycka i Varbergs hamn");
    const js = jetstream(nc);
    // Two stream messages carrying the same event (as after a publisher crash outside the
    // duplicate window): the inbox must stop the second effect.
    await js.publish(subject(event.type), JSON.stringify(event), { msgID: `${event.id}-a` });
    await js.publish(subject(event.type), JSON.stringify(event), { msgID: `${event.id}-b` });
    const marker = incidentEvent("Markör efter dubbletten");
    await js.publish(subject(marker.type), JSON.stringify(marker), { msgID: marker.id });

    await waitFor(async () => {
      const picture = RegionalPicture.parse(
        await (await fetch(`${reporting.url}/picture?county=13`, { headers: observer })).json(),
      );
      return picture.incidents.some((i) => i.id === marker.aggregateId);
    });
    const [row] = await sql<{ changes: number }[]>`
      select count(*)::int as changes from reporting.feed where change->'incident'->>'id' = ${event.aggregateId}`;
    expect(row?.changes).toBe(1);
  });

  it("terminates and records an event that can never be processed, and goes on", async () => {
    const js = jetstream(nc);
    await js.publish(subject("incident.opened"), "this is not json");
    const broken = { ...incidentEvent("Trasig"), data: { title: 42 } };
    await js.publish(subject("incident.opened"), JSON.stringify(broken));
    const after = incidentEvent("Efter giftmeddelandet");
    await js.publish(subject(after.type), JSON.stringify(after));

    await waitFor(async () => {
      const picture = RegionalPicture.parse(
        await (await fetch(`${reporting.url}/picture?county=13`, { headers: observer })).json(),
      );
      return picture.incidents.some((i) => i.id === after.aggregateId);
    });
    const letters = await sql<{ reason: string }[]>`select reason from reporting.dead_letters order by seq`;
    expect(letters.map((l) => l.reason)).toEqual([
      "payload is not JSON",
      expect.stringContaining("invalid incident.opened"),
    ]);
  });
});
