import { activationService } from "@krisstod/activation";
import { createEvent, natsConnectOptions } from "@krisstod/bus";
import {
  CentreOccupancyChanged,
  type EventEnvelope,
  Incident,
  IncidentOpened,
  type Producer,
  RegionalPicture,
  subjects,
} from "@krisstod/contracts";
import { rebuildPicture, reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import postgres from "postgres";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hallandObserver, halmstadLead, incidentBody, postJson } from "./support.ts";

/**
 * A service's NATS identity that has been taken over (here: roster's) tries to put a fake incident
 * and a fake centre occupancy into Länsstyrelsen's picture. The server refuses its publishing on
 * activation's and support-centres' subjects; what it may publish — its own subjects — carries an
 * envelope the reporting consumer refuses (another producer, type or organisation than the
 * subject), into dead letters, once each. The picture shows only the real incident.
 */
describe("a forged event published with a foreign identity", () => {
  let ns: TestNamespace;
  let activation: RunningService;
  let reporting: RunningService;
  let asRoster: NatsConnection;
  let sql: postgres.Sql;

  const connectAs = (user: Producer) =>
    connect({
      ...natsConnectOptions(inject("natsUrl"), { user, password: inject("natsSecrets").servicePassword }),
      name: `forger-as-${user}`,
    });
  const fakeIncident = (title: string) => {
    const id = uuidv7();
    return createEvent(IncidentOpened, {
      organisationId: "kommun-1380",
      countyCode: "13",
      aggregateId: id,
      data: {
        ...incidentBody({ title }),
        organisationId: "kommun-1380",
        countyCode: "13",
        extraordinary: false,
        crisisManagementActivated: false,
        id,
        description: "",
        status: "open",
        createdAt: new Date().toISOString(),
      },
    });
  };
  const on = (type: string, organisation = "kommun-1380") =>
    subjects.event(ns.natsNamespace, "13", organisation, type);
  const picture = async () =>
    RegionalPicture.parse(
      await (
        await fetch(`${reporting.url}/picture?county=13`, { headers: await ns.headers(hallandObserver) })
      ).json(),
    );

  beforeAll(async () => {
    ns = await createTestNamespace();
    activation = await startService(activationService, ns.serviceEnv());
    reporting = await startService(reportingService, ns.serviceEnv());
    asRoster = await connectAs("roster");
    sql = postgres(ns.databaseUrl, { max: 1 });
  });
  afterAll(async () => {
    await asRoster?.close();
    await activation?.stop();
    await reporting?.stop();
    await sql?.end();
  });

  it("never changes the picture, and each one it could publish is one dead letter with the reason", async () => {
    const js = jetstream(asRoster);
    const fake = fakeIncident("Falsk olycka");
    // On activation's subject: the server refuses it, nothing is stored.
    await expect(js.publish(on(fake.type), JSON.stringify(fake))).rejects.toThrow(/permissions violation/i);
    const occupancy: EventEnvelope = {
      ...fakeIncident("Falsk beläggning"),
      type: CentreOccupancyChanged.type,
      producer: "support-centres",
    };
    await expect(js.publish(on(occupancy.type), JSON.stringify(occupancy))).rejects.toThrow(
      /permissions violation/i,
    );

    // On roster's own subjects, dressed as activation's incident: refused by the consumer.
    const disguised = [
      { subject: on("roster.person-changed"), envelope: fakeIncident("Förklädd olycka 1") },
      {
        subject: on("roster.person-changed"),
        envelope: { ...fakeIncident("Förklädd 2"), type: "roster.person-changed" },
      },
    ];
    for (const { subject, envelope } of disguised) await js.publish(subject, JSON.stringify(envelope));

    // A real incident afterwards, through activation: once it is in the picture, the forged ones
    // before it in the stream have been through the consumer.
    const created = await postJson(`${activation.url}/incidents`, incidentBody({ title: "Verklig brand" }), {
      ...(await ns.headers(halmstadLead)),
    });
    expect(created.status).toBe(201);
    const real = Incident.parse(await created.json());
    await waitFor(async () => (await picture()).incidents.some((i) => i.id === real.id), {
      message: "the real incident reached the picture",
    });

    const titles = (await picture()).incidents.map((i) => i.title);
    expect(titles).toEqual(["Verklig brand"]);
    const letters = await sql<{ consumer: string; reason: string }[]>`
      select consumer, reason from reporting.dead_letters where consumer = 'reporting-picture' order by seq`;
    expect(letters.map((l) => l.reason)).toEqual([
      expect.stringMatching(
        /^refused: type incident.opened does not match the subject's roster.person-changed/,
      ),
      expect.stringMatching(/^refused: producer activation does not match roster/),
    ]);

    // Nor when the picture is rebuilt from the stream, which still holds them.
    const { database, nc, stream, logger } = reporting.context;
    await rebuildPicture({ database, nc, stream, logger });
    expect((await picture()).incidents.map((i) => i.title)).toEqual(["Verklig brand"]);
  });
});
