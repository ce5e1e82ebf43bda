import { countyObserver, halmstadLead, incidentBody } from "../fixtures.ts";
import { wallNow } from "../load/protocol.ts";
import { startServiceProcesses, startTogether } from "../processes.ts";
import { summarise } from "../stats.ts";
import type { BenchTarget } from "../types.ts";

const TARGET_P99_MS = 100;
const DASHBOARDS = 200;

/**
 * Issue 7: an event committed in any service reaches a connected dashboard in under 100 ms p99
 * with 200 dashboards connected. The dashboards are SSE connections held by the load-generator
 * processes; activation and reporting run as processes of their own. Time runs from the POST that
 * commits the incident (sent by the benchmark runner) to each dashboard's receipt of the change
 * (one wall clock for all processes on the machine).
 */
export const ssePropagation: BenchTarget = {
  name: "SSE propagation, 200 dashboards",
  async run(env) {
    const ns = await env.namespace();
    const [activation, reporting] = await startTogether([
      () => startServiceProcesses(ns, "activation"),
      () => startServiceProcesses(ns, "reporting"),
    ] as const);
    const events = env.quick ? 5 : Math.max(10, Math.round(50 * env.scale));
    const dashboards = env.quick ? 20 : DASHBOARDS;
    try {
      const opened = await env.pool.openDashboards({
        url: `${reporting.url}/stream?county=13`,
        headers: await ns.headers(countyObserver),
        count: dashboards,
        event: "change",
        keyPath: ["incident", "title"],
      });
      const lead = await ns.headers(halmstadLead);
      const sentAt = new Map<string, number>();
      for (let i = 0; i < events; i++) {
        const body = incidentBody(i);
        sentAt.set(body.title, wallNow());
        const response = await fetch(`${activation.url}/incidents`, {
          method: "POST",
          headers: lead,
          body: JSON.stringify(body),
        });
        if (response.status !== 201) throw new Error(`incident not created: ${response.status}`);
        await response.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const expected = opened * events;
      const deadline = Date.now() + 30_000;
      const count = (received: Record<string, number[]>) =>
        [...sentAt.keys()].reduce((sum, title) => sum + (received[title]?.length ?? 0), 0);
      while (Date.now() < deadline && count((await env.pool.collectDashboards(false)).received) < expected)
        await new Promise((resolve) => setTimeout(resolve, 250));
      const { received } = await env.pool.collectDashboards(true);
      const samples = [...sentAt].flatMap(([title, at]) => (received[title] ?? []).map((t) => t - at));
      const latency = summarise(samples);
      return {
        name: this.name,
        target: `p99 < ${TARGET_P99_MS} ms`,
        latency,
        met: dashboards === DASHBOARDS && samples.length === expected && latency.p99 < TARGET_P99_MS,
        notes:
          `${samples.length}/${expected} deliveries to ${opened} dashboards held by ${env.pool.size} generator ` +
          "processes; activation and reporting in processes of their own",
        limits: "reporting's fan-out of each change to every stream",
        ratioOf: "p99",
        baselineShape: { requests: events, concurrency: 1, replicas: 1 },
      };
    } finally {
      await env.pool.collectDashboards(true).catch(() => {});
      await activation.stop();
      await reporting.stop();
      await ns.drop();
    }
  },
};
