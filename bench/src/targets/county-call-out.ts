import postgres from "postgres";
import {
  activateCountyManagement,
  activator,
  countyLists,
  createIncident,
  decideCountyCallOut,
  hallandMunicipalities,
  startActivation,
  warmUpCallOut,
} from "../activation-setup.ts";
import { summarise } from "../stats.ts";
import type { BenchTarget } from "../types.ts";
import { replicas } from "./registrations.ts";

const TARGET_MS = 2_000;
const PEOPLE = 2_000;

/**
 * Issue 5: a county-wide call-out of 2,000 people under 2 s. All six Halland municipalities'
 * activators decide a support-person activation at the same moment (2,000 people split over
 * them, each list called at once: needed = list length, ≤ 500 as the contract allows); time runs
 * from the first POST to the `delivered_at` of the last of the 4,000 messages (SMS + e-mail per
 * person) in the development outbox. An unmeasured call-out of 30 per municipality warms the
 * processes up first (warmUpCallOut).
 */
export const countyCallOut: BenchTarget = {
  name: "County-wide call-out, 2,000 people",
  async run(env) {
    const people = env.quick ? 60 : Math.max(300, Math.round(PEOPLE * Math.min(1, env.scale)));
    const { share, sizes } = countyLists(people);
    const ns = await env.namespace();
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    const running = await startActivation(ns, sizes, {}, env.quick ? 1 : replicas());
    try {
      const url = running.service;
      const headers = await Promise.all(hallandMunicipalities.map((org) => ns.headers(activator(org))));
      const runs = env.quick ? 1 : Math.max(1, Math.round(3 * env.scale));
      const samples: number[] = [];
      const decisions: number[] = [];
      await warmUpCallOut({ sql, service: url, headers, listLength: share });
      for (let r = 0; r < runs; r++) {
        const incidentId = await createIncident(
          url,
          "kommun-1380",
          headers[1] ?? {},
          `Bänkmärkning: länsövergripande ${r}`,
        );
        const parents = await activateCountyManagement(sql, url, headers, incidentId);
        const callOut = await decideCountyCallOut({
          sql,
          urls: url.urls,
          headers,
          incidentId,
          parents,
          share,
          timeoutMs: 120_000,
        });
        decisions.push(...callOut.decisionMs);
        samples.push(callOut.lastAt - callOut.startedAt);
      }
      const latency = summarise(samples);
      return {
        name: people === PEOPLE ? this.name : `County-wide call-out, ${people} people (scaled)`,
        target: `< ${TARGET_MS} ms`,
        latency,
        durationMs: latency.max,
        met: people === PEOPLE && latency.max < TARGET_MS,
        notes:
          `${runs} run(s), worst ${latency.max} ms (${samples.map((ms) => Math.round(ms)).join(" / ")}); ${people} people × 2 messages over ${hallandMunicipalities.length} ` +
          `activations decided together; the six POSTs were answered after ${summarise(decisions).max} ms ` +
          `(the rest is the sender worker). ${running.service.urls.length} activation process(es); roster answered ` +
          "by an in-memory stub over NATS. Baseline: the bare route taking as many rows (2 per person), 32 in flight.",
        limits: "the sender worker's hand-over of 2 messages per person (batches, few sends in flight)",
        ratioOf: "duration",
        baselineShape: { requests: people * 2, concurrency: 32, replicas: running.service.urls.length },
      };
    } finally {
      await running.stop();
      await sql.end();
      await ns.drop();
    }
  },
};
