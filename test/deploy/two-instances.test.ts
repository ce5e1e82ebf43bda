// Horizontal scaling on one machine: two instances ("replicas") of every service share one
// PostgreSQL database and one NATS namespace, exactly as two pods of a Deployment would. The
// scenario must have no duplicate effects (each event projected once, each consumer effect once)
// and the replicas must share the work: the durable consumers are shared, and each reporting
// replica pushes every change to its own SSE clients (its FeedHub listens to PostgreSQL NOTIFY).
import { activationService } from "@krisstod/activation";
import { type EventHandler, natsConnectOptions } from "@krisstod/bus";
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
    // Demo data is seeded under an advisory lock, so both roster replicas may start together.
    roster = await pair(() => createRosterService());
    activation = await pair(() => activationService);
    reporting = await pair((i) => counting(reportingService, handled.reporting[i] ?? { events: 0 }));
    await pair((i) => counting(createSupportCentresService(), handled.supportCentres[i] ?? { events: 0 }));
  });

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
    await sql?.end();
  });

  /**
   * Waits until every outbox is published and both consumers have caught up with the stream, then
   * returns the stream's size and what each consumer recorded and handled.
   */
  async function settle(incidents = INCIDENTS) {
    await waitFor(
      async () => {
        const [row] = await sql<{ n: number }[]>`
          select (select count(*) from roster.outbox where published_at is null)
               + (select count(*) from activation.outbox where published_at is null)
               + (select count(*) from support_centres.outbox where published_at is null) as n`;
        return Number(row?.n) === 0;
      },
      { timeoutMs: 15_000, message: "an outbox was not published" },
    );
    const nc = await connect(natsConnectOptions(ns.natsUrl));
    let streamMessages: number;
    try {
      const info = await (await jetstreamManager(nc)).streams.info(subjects.eventStream(ns.natsNamespace));
      streamMessages = info.state.messages;
    } finally {
      await nc.close();
    }
    const sum = (counters: { events: number }[]) => counters.reduce((total, c) => total + c.events, 0);
    return waitFor(
      async () => {
        const [row] = await sql<{ picture: number; centres: number }[]>`
          select (select count(*)::int from reporting.inbox where consumer = 'reporting-picture') as picture,
                 (select count(*)::int from support_centres.inbox
                   where consumer = 'support-centres-incident-locations') as centres`;
        const state = {
          streamMessages,
          pictureInbox: row?.picture ?? 0,
          centresInbox: row?.centres ?? 0,
          reportingHandled: sum(handled.reporting),
          centresHandled: sum(handled.supportCentres),
        };
        return (
          state.pictureInbox >= streamMessages &&
          state.reportingHandled >= streamMessages &&
          state.centresInbox >= incidents &&
          state.centresHandled >= incidents &&
          state
        );
      },
      { timeoutMs: 15_000, message: "the consumers did not catch up with the stream" },
    );
  }

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

      const outbox = await sql<{ n: number }[]>`select count(*)::int as n from activation.outbox`;
      expect(outbox[0]?.n).toBe(INCIDENTS);

      // Every event in the stream handled exactly once by each consumer, whichever replica took it.
      let settled = await settle();
      expect(settled.pictureInbox).toBe(settled.streamMessages);
      expect(settled.reportingHandled).toBe(settled.streamMessages);
      expect(settled.centresInbox).toBe(INCIDENTS);
      expect(settled.centresHandled).toBe(INCIDENTS);
      const [locations] = await sql<{ n: number }[]>`
        select count(*)::int as n from support_centres.incident_locations
        where incident_id = any(${ids}::uuid[])`;
      expect(locations?.n).toBe(INCIDENTS);

      // Both replicas of support-centres' consumer take part. Which replica's pull gets a message is
      // NATS's choice; on a loaded machine one replica may win a short run, so more incidents follow
      // (a bounded number) until both have handled some — and the totals stay exact throughout.
      let created = INCIDENTS;
      const bothWorked = () => Math.min(...handled.supportCentres.map((c) => c.events)) > 0;
      while (!bothWorked() && created < INCIDENTS * 4) {
        const via = activation[created % 2] as RunningService;
        const response = await postJson(
          `${via.url}/incidents`,
          incidentBody({ title: `Extra ${created}` }),
          lead,
        );
        expect(response.status).toBe(201);
        created += 1;
        settled = await settle(created);
      }
      expect(bothWorked(), `one replica of a consumer did all the work: ${JSON.stringify(handled)}`).toBe(
        true,
      );
      expect(settled.reportingHandled).toBe(settled.streamMessages);
      expect(settled.centresHandled).toBe(created);
      // The picture's consumer is exclusive (its events must apply in stream order): one reporting
      // replica applied them all, the other stood by (test/faults/nats-cluster.test.ts shows why).
      expect(Math.min(...handled.reporting.map((c) => c.events))).toBe(0);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
