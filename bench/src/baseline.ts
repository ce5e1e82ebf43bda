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
}

/**
 * The bare-route baseline (baseline/server.ts) as processes of their own, up to `replicas` of
 * them, in a namespace of its own on the same PostgreSQL; measured by the same load generators
 * as the targets, right after each target. Each measurement starts its processes afresh and warms
 * them with `warmUp` requests, as each target starts its service's processes and warms them: a
 * bare route that had served every target before ran on code optimised far longer than the
 * service beside it (0.125 against 0.17–0.28 ms of CPU per request), and a run of one target
 * compared otherwise than a full run.
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
  const headers = await ns.headers(caller);
  const rows = (urls: readonly string[], label: string, count: number): RequestSpec[] =>
    Array.from({ length: count }, (_, i) => ({
      label,
      method: "POST",
      url: `${urls[i % urls.length]}/rows`,
      headers: "caller",
      body: payload(i),
      expect: 201,
    }));
  const start = async (count: number) => {
    // No migrations here: the processes start together.
    const processes = await startTogether(
      Array.from(
        { length: count },
        (_, r) => () =>
          startProcess(
            `baseline #${r + 1}`,
            join(repositoryRoot, "bench", "src", "baseline", "server.ts"),
            env,
          ),
      ),
    );
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
    const urls = processes.map((p) => p.url);
    if (warmUp > 0) {
      checked(
        await pool.http(rows(urls, "warm-up", warmUp), { concurrency: 32, headerSets: { caller: headers } }),
        "baseline warm-up",
      );
    }
    return processes;
  };
  return {
    async measure(shape) {
      const used = await start(Math.max(1, Math.min(shape.replicas, replicas)));
      try {
        const urls = used.map((p) => p.url);
        const { result, cpu } = await cpuPerOperation(used, databaseCpuMs, shape.requests, async () =>
          checked(
            await pool.http(rows(urls, "baseline", shape.requests), {
              concurrency: shape.concurrency,
              headerSets: { caller: headers },
            }),
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
      } finally {
        await Promise.all(used.map((p) => p.stop()));
      }
    },
  };
}
