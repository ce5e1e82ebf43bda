import { join } from "node:path";
import type { Principal } from "@krisstod/contracts";
import type { Namespace } from "@krisstod/testing/namespace";
import postgres from "postgres";
import { envStrings } from "../../test/scenario/cluster.ts";
import { cpuPerOperation } from "./cpu.ts";
import { checked, type GeneratorPool } from "./load/pool.ts";
import type { RequestSpec } from "./load/protocol.ts";
import { repositoryRoot, startProcess, startTogether } from "./processes.ts";
import { round, summarise } from "./stats.ts";
import type { BaselineResult, BaselineShape } from "./types.ts";

const caller: Partial<Principal> = {
  userId: "region-13.centre-staff",
  organisationId: "region-13",
  countyCode: "13",
  roles: ["centre-staff"],
};

/** About the size of a visitor registration's JSON. */
const payload = (i: number) => ({
  registration: {
    name: `Besökare ${i}`,
    personnummer: "19800101-0000",
    phone: `070-${String(i % 1000).padStart(3, "0")} 00 00`,
    relation: "relative",
    consentToFollowUp: i % 2 === 0,
  },
});

export interface BaselineServer {
  /** Drives the bare route with the target's load shape and returns its latency and rate. */
  measure(shape: BaselineShape): Promise<BaselineResult>;
  stop(): Promise<void>;
}

/**
 * The bare-route baseline (baseline/server.ts) as processes of their own, up to `replicas` of
 * them, in a namespace of its own on the same PostgreSQL; measured by the same load generators
 * as the targets, right after each target.
 */
export async function startBaseline(
  ns: Namespace,
  pool: GeneratorPool,
  databaseCpuMs: () => number | undefined,
  replicas = 2,
  warmUp = 0,
): Promise<BaselineServer> {
  const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
  await sql`create table baseline_rows (id bigserial primary key, payload jsonb not null, at timestamptz not null default now())`;
  await sql.end();
  const env = {
    ...envStrings(ns.envFor("support-centres")),
    // The administrator of the namespace's database: the table above is the baseline's only one.
    DATABASE_URL: ns.databaseUrl,
  };
  // No migrations here: the processes start together.
  const processes = await startTogether(
    Array.from(
      { length: replicas },
      (_, r) => () =>
        startProcess(
          `baseline #${r + 1}`,
          join(repositoryRoot, "bench", "src", "baseline", "server.ts"),
          env,
        ),
    ),
  );
  const headers = await ns.headers(caller);
  // The verifier fetches the issuer's keys on first use: once per process before any timing.
  for (const p of processes) {
    const response = await fetch(`${p.url}/rows`, {
      method: "POST",
      headers,
      body: JSON.stringify(payload(0)),
    });
    if (response.status !== 201)
      throw new Error(`baseline answered ${response.status}: ${await response.text()}`);
  }
  // Warmed up as the targets are (registrations.ts `warmUpRequests`), so that a run of one target
  // compares like with like, as a full run does with a bare route that has served every target before.
  if (warmUp > 0) {
    checked(
      await pool.http(
        Array.from({ length: warmUp }, (_, i) => ({
          label: "warm-up",
          method: "POST",
          url: `${processes[i % processes.length]?.url}/rows`,
          headers: "caller",
          body: payload(i),
          expect: 201,
        })),
        { concurrency: 32, headerSets: { caller: headers } },
      ),
      "baseline warm-up",
    );
  }
  return {
    async measure(shape) {
      const used = processes.slice(0, Math.max(1, Math.min(shape.replicas, processes.length)));
      const urls = used.map((p) => p.url);
      const requests: RequestSpec[] = Array.from({ length: shape.requests }, (_, i) => ({
        label: "baseline",
        method: "POST",
        url: `${urls[i % urls.length]}/rows`,
        headers: "caller",
        body: payload(i),
        expect: 201,
      }));
      const { result, cpu } = await cpuPerOperation(used, databaseCpuMs, shape.requests, async () =>
        checked(
          await pool.http(requests, { concurrency: shape.concurrency, headerSets: { caller: headers } }),
          "baseline",
        ),
      );
      return {
        cpu,
        latency: summarise(result.samples.baseline ?? []),
        throughput: result.throughput,
        ms: round(result.seconds * 1000, 1),
        shape: `${shape.requests} authenticated one-INSERT requests, ${shape.concurrency} in flight, ${urls.length} process(es)`,
      };
    },
    stop: async () => {
      await Promise.all(processes.map((p) => p.stop()));
    },
  };
}
