import { subjects } from "@krisstod/contracts";
import { jetstream } from "@nats-io/jetstream";
import postgres from "postgres";
import { incidentOpenedEvent } from "../fixtures.ts";
import { connectBench } from "../nats.ts";
import { startServiceProcesses } from "../processes.ts";
import { round } from "../stats.ts";
import type { BenchTarget } from "../types.ts";

const TARGET_PER_SECOND = 1_000;

/**
 * Issue 7: the projection keeps up with 1,000 events/s. With the reporting service running in a
 * process of its own, the benchmark runner publishes events as fast as JetStream takes them;
 * throughput = events ÷ (first publish → the last one in the picture's feed).
 */
export const projectionThroughput: BenchTarget = {
  name: "Projection throughput",
  async run(env) {
    const ns = await env.namespace();
    const nc = await connectBench(ns.natsUrl);
    const count = env.quick ? 100 : Math.max(500, Math.round(5_000 * env.scale));
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    const reporting = await startServiceProcesses(ns, "reporting");
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
      const deadline = Date.now() + 120_000;
      for (;;) {
        const [row] = await sql<{ n: number }[]>`select count(*)::int as n from reporting.feed`;
        if ((row?.n ?? 0) >= count) break;
        if (Date.now() > deadline) throw new Error(`only ${row?.n} of ${count} events projected in 120 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const throughput = round(count / ((performance.now() - started) / 1000), 0);
      return {
        name: this.name,
        target: `≥ ${TARGET_PER_SECOND} events/s`,
        throughput,
        met: throughput >= TARGET_PER_SECOND,
        notes: `${count} events published by the benchmark runner, projected by reporting in its own process`,
        limits: "the projection's batch apply (one transaction per batch)",
        ratioOf: "throughput",
        baselineShape: { requests: count, concurrency: 32, replicas: 1 },
      };
    } finally {
      await reporting.stop();
      await sql.end();
      await nc.close();
      await ns.drop();
    }
  },
};
