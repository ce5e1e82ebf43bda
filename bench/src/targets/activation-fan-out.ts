import postgres from "postgres";
import {
  activator,
  createIncident,
  decide,
  delivered,
  managementActivation,
  startActivation,
  wallNow,
} from "../activation-setup.ts";
import { summarise } from "../stats.ts";
import type { BenchTarget } from "../types.ts";
import { until } from "../wait.ts";

const TARGET_P99_MS = 100;
const PEOPLE = 20;
const ORGANISATION = "kommun-1381";

/**
 * Issue 5: an activation of 20 people — decision → all messages handed to the notifier in under
 * 100 ms p99. Laholm's activator decides a support-person activation (needed 20, so all 20 are
 * called at once) over HTTP; time runs from sending the POST to the `delivered_at` of the last of
 * its 40 messages (SMS + e-mail per person) in the development outbox, the embedded notifier.
 * Activations run one after another.
 */
export const activationFanOut: BenchTarget = {
  name: "Activation fan-out, 20 people",
  async run(env) {
    const ns = await env.namespace();
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    const running = await startActivation(ns, {
      [ORGANISATION]: { management: 3, "support-persons": PEOPLE },
    });
    try {
      const url = running.service;
      const headers = await ns.headers(activator(ORGANISATION));
      const incidentId = await createIncident(url, ORGANISATION, headers, "Bänkmärkning: aktivering");
      const parent = await managementActivation(url, headers, incidentId);
      await until(
        async () => ((await delivered(sql, [parent])).n >= 4 ? true : undefined),
        "parent's messages",
      );
      const runs = env.quick ? 5 : Math.max(20, Math.round(200 * env.scale));
      const samples: number[] = [];
      const decisions: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = wallNow();
        const id = await decide(url, headers, {
          incidentId,
          group: "support-persons",
          parentActivationId: parent,
          needed: PEOPLE,
          reason: `Bänkmärkning ${i}`,
        });
        decisions.push(wallNow() - started);
        const done = await until(
          async () => {
            const seen = await delivered(sql, [id]);
            return seen.n >= PEOPLE * 2 ? seen : undefined;
          },
          `messages of activation ${i}`,
          { everyMs: 2 },
        );
        samples.push(done.lastAt - started);
      }
      const latency = summarise(samples);
      const decision = summarise(decisions);
      return {
        name: this.name,
        target: `p99 < ${TARGET_P99_MS} ms`,
        latency,
        met: latency.p99 < TARGET_P99_MS,
        notes:
          `${runs} activations in sequence, ${PEOPLE} people × 2 messages each; POST /activations answered ` +
          `in p50 ${decision.p50} / p99 ${decision.p99} ms (decision, call-out rows, audit, events in one ` +
          "commit); the rest is the sender worker handing the messages to the development outbox. " +
          "Activation in a process of its own; the POSTs from the benchmark runner; roster answered by an in-memory stub over NATS.",
        limits: "the decision's commit, then the sender worker's hand-over of 40 messages",
        ratioOf: "p99",
        baselineShape: { requests: runs, concurrency: 1, replicas: 1 },
      };
    } finally {
      await running.stop();
      await sql.end();
      await ns.drop();
    }
  },
};
