// Horizontal scaling on one machine: two instances ("replicas") of every service share one
// PostgreSQL database and one NATS namespace, exactly as two pods of a Deployment would. The
// scenario must have no duplicate effects (each event projected once, each consumer effect once)
// and the replicas must share the work: the durable consumers are shared, and each reporting
// replica pushes every change to its own SSE clients (its FeedHub listens to PostgreSQL NOTIFY).
import { activationService } from "@krisstod/activation";
import type { EventHandler } from "@krisstod/bus";
import { Incident, PictureChange, subjects } from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { createRosterService } from "@krisstod/roster";
import { type RunningService, type ServiceDefinition, startService } from "@krisstod/runtime";
import { createSupportCentresService } from "@krisstod/support-centres";
import {
  createTestNamespace,
  type EventStream,
  openEventStream,
  type TestNamespace,
  waitFor,
} from "@krisstod/testing";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hallandObserver, halmstadLead, incidentBody, postJson } from "../e2e/support.ts";

const INCIDENTS = 12;

/**
 * The same service definition, with each consumer's handler counting the events this instance
 * handled. Only the counting is added; the handler, durable name and filter are the service's own.
 */
function counting(definition: ServiceDefinition, counter: { events: number }): ServiceDefinition {
  return {
    ...definition,
    consumers: (definition.consumers ?? []).map((consumer) => ({
      ...consumer,
      handle: (context) => {
        const handler = consumer.handle(context);
        if (typeof handler === "function") {
          const counted: EventHandler = async (tx, event) => {
            await handler(tx, event);
            counter.events += 1;
          };
          return counted;
        }
        return {
          batch: async (tx, events) => {
            await handler.batch(tx, events);
            counter.events += events.length;
          },
        };
      },
    })),
  };
}

describe("two instances of every service against one PostgreSQL and one NATS", () => {
  let ns: TestNamespace;
  let sql: postgres.Sql;
  const running: RunningService[] = [];
  const handled = {
    reporting: [{ events: 0 }, { events: 0 }],
    supportCentres: [{ events: 0 }, { events: 0 }],
  };
  let activation: RunningService[];
  let reporting: RunningService[];
  let roster: RunningService[];
  let lead: Record<string, string>;
  let observer: Record<string, string>;

  beforeAll(async () => {
    ns = await createTestNamespace();
    sql = postgres(ns.databaseUrl, { max: 2, onnotice: () => {} });
    lead = await ns.headers(halmstadLead);
    observer = await ns.headers(hallandObserver);
    // Same environment for both replicas (demo data on, as in a county deployment), each its own
    // free port; both replicas start at the same time, as a Deployment's pods do.
    const env = () => ns.serviceEnv({ DEMO_DATA: true });
    const pair = async (make: (i: number) => ServiceDefinition) => {
      const started = await Promise.all([0, 1].map((i) => startService(make(i), env())));
      running.push(...started);
      return started;
    };
    // Roster's demo seed is not safe for two replicas starting at the same moment (both see an
    // empty roster and insert; the second fails on people_organisation_phone_idx), so its replicas
    // start one after the other here. Production runs without DEMO_DATA; see docs/operations.md.
    for (let i = 0; i < 2; i++) {
      running.push(await startService(createRosterService(), env()));
    }
    roster = running.slice(0, 2);
    activation = await pair(() => activationService);
    reporting = await pair((i) => counting(reportingService, handled.reporting[i] ?? { events: 0 }));
    await pair((i) => counting(createSupportCentresService(), handled.supportCentres[i] ?? { events: 0 }));
  });

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
    await sql?.end();
  });

  it("seeds the roster demo data once for two replicas, and both serve it", async () => {
    const organisationIds = async (service: RunningService) => {
      const response = await fetch(`${service.url}/organisations`, { headers: observer });
      expect(response.status).toBe(200);
      return ((await response.json()) as { id: string }[]).map((o) => o.id).sort();
    };
    const [first, second] = await Promise.all(roster.map(organisationIds));
    expect(first).toContain("kommun-1380");
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first?.length);
  });

  it("projects incidents created through both activation replicas exactly once, streams every change from both reporting replicas, and shares the consumers' work", async () => {
    const streams: EventStream[] = await Promise.all(
      reporting.map((service) => openEventStream(`${service.url}/stream?county=13`, observer)),
    );
    try {
      const ids: string[] = [];
      for (let i = 0; i < INCIDENTS; i++) {
        const via = activation[i % 2] as RunningService;
        const response = await postJson(
          `${via.url}/incidents`,
          incidentBody({ title: `Skalningsprov ${i + 1}` }),
          lead,
        );
        expect(response.status).toBe(201);
        ids.push(Incident.parse(await response.json()).id);
      }

      // Every reporting replica pushes every incident to its own client, whichever replica
      // projected it.
      for (const stream of streams) {
        const pushed = await waitFor(
          () => {
            const seen = new Set(
              stream.messages
                .filter((m) => m.event === "change")
                .map((m) => PictureChange.parse(JSON.parse(m.data)))
                .filter((change) => change.kind === "incident.upserted")
                .map((change) => change.incident.id),
            );
            return ids.every((id) => seen.has(id)) && seen;
          },
          { timeoutMs: 10_000, message: "a reporting replica's stream missed incidents" },
        );
        expect(pushed.size).toBe(INCIDENTS);
      }

      // Exactly once: one feed row per incident, one event per incident in the stream (both
      // activation replicas relay the one outbox), one inbox row per event per consumer.
      const feedRows = await sql<{ id: string; rows: number }[]>`
        select change->'incident'->>'id' as id, count(*)::int as rows
        from reporting.feed where change->>'kind' = 'incident.upserted' group by 1`;
      expect(feedRows.filter((r) => ids.includes(r.id)).map((r) => r.rows)).toEqual(ids.map(() => 1));

      const nc = await connect({ servers: ns.natsUrl });
      let streamMessages: number;
      try {
        const jsm = await jetstreamManager(nc);
        const info = await jsm.streams.info(subjects.eventStream(ns.natsNamespace));
        streamMessages = info.state.messages;
      } finally {
        await nc.close();
      }
      const outbox = await sql<{ n: number }[]>`select count(*)::int as n from activation.outbox`;
      expect(outbox[0]?.n).toBe(INCIDENTS);

      const pictureInbox = await waitFor(async () => {
        const [row] = await sql<{ n: number }[]>`
          select count(*)::int as n from reporting.inbox where consumer = 'reporting-picture'`;
        return row && row.n >= streamMessages && row.n;
      });
      expect(pictureInbox).toBe(streamMessages);
      const [centresInbox] = await waitFor(
        async () => {
          const rows = await sql<{ n: number }[]>`
            select count(*)::int as n from support_centres.inbox
            where consumer = 'support-centres-incident-locations'`;
          return (rows[0]?.n ?? 0) >= INCIDENTS && rows;
        },
        { message: "support-centres did not learn every incident location" },
      );
      expect(centresInbox?.n).toBe(INCIDENTS);
      const [locations] = await sql<{ n: number }[]>`
        select count(*)::int as n from support_centres.incident_locations
        where incident_id = any(${ids}::uuid[])`;
      expect(locations?.n).toBe(INCIDENTS);

      // Both replicas of each consumer handled events, and together no event twice.
      const [r0, r1] = handled.reporting.map((c) => c.events);
      const [s0, s1] = handled.supportCentres.map((c) => c.events);
      expect({ reporting: [r0, r1], supportCentres: [s0, s1] }).toEqual({
        reporting: [expect.any(Number), expect.any(Number)],
        supportCentres: [expect.any(Number), expect.any(Number)],
      });
      expect((r0 ?? 0) + (r1 ?? 0)).toBe(streamMessages);
      expect((s0 ?? 0) + (s1 ?? 0)).toBe(INCIDENTS);
      expect(Math.min(r0 ?? 0, r1 ?? 0), "one reporting replica did all the work").toBeGreaterThan(0);
      expect(Math.min(s0 ?? 0, s1 ?? 0), "one support-centres replica did all the work").toBeGreaterThan(0);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
