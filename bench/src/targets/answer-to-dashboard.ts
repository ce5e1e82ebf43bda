import { openSse } from "@krisstod/testing/sse";
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
import { countyObserver } from "../fixtures.ts";
import { startServiceProcesses, startTogether } from "../processes.ts";
import { summarise } from "../stats.ts";
import type { BenchTarget } from "../types.ts";
import { until } from "../wait.ts";

const TARGET_P99_MS = 200;
const ORGANISATION = "kommun-1381";

interface ActivationSection {
  kind: string;
  activation?: { id: string; counts: { accepted: number } };
}

/**
 * Issue 5: answer link → status visible on the dashboard under 200 ms p99. Support persons answer
 * "yes" one after another by POSTing their answer link (as the link page's button does); time runs
 * from sending the answer to a Länsstyrelsen dashboard's SSE stream (reporting) delivering the
 * activation with that many acceptances: activation commit → outbox relay → JetStream → reporting
 * projection → feed → SSE.
 */
export const answerToDashboard: BenchTarget = {
  name: "Answer link → dashboard",
  async run(env) {
    const answers = env.quick ? 5 : Math.max(30, Math.round(200 * env.scale));
    const ns = await env.namespace();
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    // The link rate limit is per client address; here every phone shares 127.0.0.1.
    const [running, reporting] = await startTogether([
      () =>
        startActivation(
          ns,
          { [ORGANISATION]: { management: 3, "support-persons": answers } },
          { ANSWER_LINK_RATE_LIMIT: "100000" },
        ),
      () => startServiceProcesses(ns, "reporting"),
    ] as const);
    let acceptedSeen = 0;
    let activationId = "";
    const waiting = new Map<number, () => void>();
    const stream = await openSse(
      `${reporting.url}/stream?county=13`,
      await ns.headers(countyObserver),
      (m) => {
        if (m.event !== "section") return;
        const change = JSON.parse(m.data) as ActivationSection;
        if (change.kind !== "activation.upserted" || change.activation?.id !== activationId) return;
        acceptedSeen = Math.max(acceptedSeen, change.activation.counts.accepted);
        for (const [n, resolve] of waiting) {
          if (n <= acceptedSeen) {
            waiting.delete(n);
            resolve();
          }
        }
      },
    );
    try {
      const url = running.service;
      const headers = await ns.headers(activator(ORGANISATION));
      const incidentId = await createIncident(url, ORGANISATION, headers, "Bänkmärkning: svar");
      const parent = await managementActivation(url, headers, incidentId);
      activationId = await decide(url, headers, {
        incidentId,
        group: "support-persons",
        parentActivationId: parent,
        needed: answers,
        reason: "Bänkmärkning: svar till lägesbilden",
      });
      await until(
        async () => ((await delivered(sql, [activationId])).n >= answers * 2 ? true : undefined),
        "call-out messages",
      );
      const links = await sql<{ link: string }[]>`
        select answer_link as link from activation.dev_outbox
        where activation_id = ${activationId} and channel = 'sms' order by "to"`;
      const samples: number[] = [];
      for (const [i, { link }] of links.entries()) {
        const parsed = new URL(link);
        const path = parsed.pathname.slice(parsed.pathname.indexOf("/call-outs/"));
        let timer: NodeJS.Timeout | undefined;
        const seen = new Promise<void>((resolve, reject) => {
          waiting.set(i + 1, resolve);
          timer = setTimeout(() => reject(new Error(`answer ${i + 1} never reached the dashboard`)), 10_000);
        });
        const started = wallNow();
        const response = await fetch(`${url.url}${path}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ token: parsed.searchParams.get("token"), answer: "accept", etaMinutes: 20 }),
        });
        if (response.status !== 200)
          throw new Error(`answer refused: ${response.status} ${await response.text()}`);
        await seen;
        samples.push(wallNow() - started);
        clearTimeout(timer);
      }
      const latency = summarise(samples);
      return {
        name: this.name,
        target: `p99 < ${TARGET_P99_MS} ms`,
        latency,
        met: latency.p99 < TARGET_P99_MS,
        notes: `${samples.length} answers in sequence from the benchmark runner, one dashboard connected; activation and reporting in processes of their own`,
        limits: "activation's outbox relay → JetStream → reporting's projection → SSE",
        ratioOf: "p99",
        baselineShape: { requests: samples.length, concurrency: 1, replicas: 1 },
      };
    } finally {
      stream.close();
      await reporting.stop();
      await running.stop();
      await sql.end();
      await ns.drop();
    }
  },
};
