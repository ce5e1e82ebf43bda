import { subjects } from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { startService } from "@krisstod/runtime";
import { createNamespace } from "@krisstod/testing/namespace";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { incidentOpenedEvent } from "../fixtures.ts";
import { round } from "../stats.ts";
import type { BenchTarget } from "../types.ts";

const TARGET_PER_SECOND = 1_000;

/**
 * Issue 7: the projection keeps up with 1,000 events/s. With the reporting service running, events
 * are published as fast as JetStream takes them; throughput = events ÷ (first publish → last
 * change in the picture's feed).
 */
export const projectionThroughput: BenchTarget = {
  name: "Projection throughput",
  async run(env) {
    const ns = await createNamespace(env.databaseAdminUrl, env.natsUrl);
    const nc = await connect({ servers: env.natsUrl });
    const count = Math.max(500, Math.round(5_000 * env.scale));
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const reporting = await startService(reportingService, ns.serviceEnv());
      try {
        const js = jetstream(nc);
        const started = performance.now();
        const acks: Promise<unknown>[] = [];
        for (let i = 0; i < count; i++) {
          const event = incidentOpenedEvent(i);
          acks.push(
            js.publish(
              subjects.event(ns.natsNamespace, "13", "kommun-1380", event.type),
              JSON.stringify(event),
              {
                msgID: event.id,
              },
            ),
          );
          if (acks.length >= 500) await Promise.all(acks.splice(0));
        }
        await Promise.all(acks);
        for (;;) {
          const [row] = await sql<{ n: number }[]>`select count(*)::int as n from reporting.feed`;
          if ((row?.n ?? 0) >= count) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        const throughput = round(count / ((performance.now() - started) / 1000), 0);
        return {
          name: this.name,
          target: `≥ ${TARGET_PER_SECOND} events/s`,
          throughput,
          comparedTo: "pgInsert",
          met: throughput >= TARGET_PER_SECOND,
          notes: `${count} events, publisher and projection in one process`,
        };
      } finally {
        await reporting.stop();
      }
    } finally {
      await sql.end();
      await nc.close();
      await ns.drop();
    }
  },
};
