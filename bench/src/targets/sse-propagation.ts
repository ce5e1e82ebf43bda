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
 * (one wall clock for all processes on the machine). Ten incidents before the timed ones warm the
 * path up and are not measured (see warmUp).
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
      await warmUp(env, activation.url, lead, opened);
      const sentAt = new Map<string, number>();
      for (let i = 0; i < events; i++) {
        const body = incidentBody(i);
        sentAt.set(body.title, wallNow());
        await createIncident(activation.url, lead, body);
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
      for (const [title, at] of sentAt) {
        const l = (received[title] ?? []).map((t) => t - at).sort((a, b) => a - b);
        console.log(
          title,
          l[0]?.toFixed(1),
          l[Math.floor(l.length / 2)]?.toFixed(1),
          l[l.length - 1]?.toFixed(1),
        );
      }
      return {
        name: this.name,
        target: `p99 < ${TARGET_P99_MS} ms`,
        latency,
        met: dashboards === DASHBOARDS && samples.length === expected && latency.p99 < TARGET_P99_MS,
        notes:
          `${samples.length}/${expected} deliveries to ${opened} dashboards held by ${env.pool.size} generator ` +
          `processes after ${WARM_UP_EVENTS} unmeasured warm-up incidents; activation and reporting in processes of their own`,
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

async function createIncident(
  activationUrl: string,
  lead: Record<string, string>,
  body: object,
): Promise<void> {
  const response = await fetch(`${activationUrl}/incidents`, {
    method: "POST",
    headers: lead,
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`incident not created: ${response.status}`);
  await response.body?.cancel();
}

/**
 * Incidents before the timed ones, waited for at every dashboard and not measured. The first
 * events after the services start and the 200 streams open pay for cold paths that a running
 * county has long warmed (JIT of the commit, relay, projection and fan-out paths, pool connections,
 * the streams' first writes): measured one by one, the first ten events took 50–150 ms and the rest
 * 20–35 ms, so on 50 samples those ten set the p99 on their own (bench/README.md, 2026-12-06 evening).
 */
const WARM_UP_EVENTS = 10;

async function warmUp(
  env: Parameters<BenchTarget["run"]>[0],
  activationUrl: string,
  lead: Record<string, string>,
  dashboards: number,
): Promise<void> {
  const titles: string[] = [];
  for (let i = 0; i < WARM_UP_EVENTS; i++) {
    const body = { ...incidentBody(-1 - i), title: `Uppvärmning ${i}` };
    titles.push(body.title);
    await createIncident(activationUrl, lead, body);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { received } = await env.pool.collectDashboards(false);
    if (titles.every((title) => (received[title]?.length ?? 0) >= dashboards)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the warm-up incidents did not reach every dashboard within 30 s");
}
