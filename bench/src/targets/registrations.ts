import { cpuPerOperation } from "../cpu.ts";
import { checked } from "../load/pool.ts";
import type { RequestSpec } from "../load/protocol.ts";
import { connectBench } from "../nats.ts";
import { startServiceProcesses } from "../processes.ts";
import { summarise } from "../stats.ts";
import type { BenchTarget } from "../types.ts";
import { incidentKnownToCentres, openCentres, pklStaff, visitorBody } from "./support-centre-setup.ts";

const TARGET_PER_SECOND = 1_000;
const TARGET_P99_MS = 50;
const CLIENTS = 32;
export const replicas = () => Number(process.env.BENCH_REPLICAS ?? "2");
/** Unmeasured requests before the clock runs, as many as the bare route gets (baseline.ts). */
export const warmUpRequests = 4_000;

/**
 * Issue 6: 1,000 visitor registrations per second sustained with p99 under 50 ms. A mass-casualty
 * event at a PKL centre (PKL registers every visitor): `CLIENTS` staff terminals, spread over the
 * load-generator processes, register visitors with name, personnummer, phone and relation over
 * HTTP as fast as the service answers (closed loop), round-robin over the service's replicas.
 */
export const registrations: BenchTarget = {
  name: "Visitor registrations",
  async run(env) {
    const total = env.quick ? 60 : Math.max(1_000, Math.round(10_000 * env.scale));
    const ns = await env.namespace();
    const nc = await connectBench(ns.natsUrl);
    const service = await startServiceProcesses(ns, "support-centres", { replicas: replicas() });
    try {
      const incidentId = await incidentKnownToCentres(ns, nc);
      const [centre] = await openCentres(service.url, ns, incidentId, 1);
      const staff = await ns.headers(pklStaff);
      const request = (i: number): RequestSpec => ({
        label: "POST /centres/:id/visitors",
        method: "POST",
        url: `${service.urls[i % service.urls.length]}/centres/${centre}/visitors`,
        headers: "staff",
        body: visitorBody(i),
        expect: 201,
      });
      // Each replica fetches the issuer's keys, then warms up as the bare route has (`WARM_UP` in
      // baseline.ts) before the clock runs: V8 optimises what runs often, and a service that has run
      // for weeks is measured, not its first thousand requests in the interpreter.
      checked(
        await env.pool.http(
          Array.from({ length: service.urls.length * 4 }, (_, i) => request(total + i)),
          { concurrency: 2, headerSets: { staff } },
        ),
        "first requests",
      );
      checked(
        await env.pool.http(
          Array.from({ length: env.quick ? 0 : warmUpRequests }, (_, i) => request(total + 1_000_000 + i)),
          { concurrency: CLIENTS, headerSets: { staff } },
        ),
        "warm-up",
      );
      const { result, cpu } = await cpuPerOperation(service.processes, env.databaseCpuMs, total, async () =>
        checked(
          await env.pool.http(
            Array.from({ length: total }, (_, i) => request(i)),
            { concurrency: CLIENTS, headerSets: { staff } },
          ),
          "registrations",
        ),
      );
      const latency = summarise(Object.values(result.samples).flat());
      return {
        name: this.name,
        target: `≥ ${TARGET_PER_SECOND}/s, p99 < ${TARGET_P99_MS} ms, ≥ 0.5× baseline`,
        latency,
        throughput: result.throughput,
        cpu,
        met: result.throughput >= TARGET_PER_SECOND && latency.p99 < TARGET_P99_MS,
        notes:
          `${total} registrations (name, personnummer, phone, relation; each audited) into one PKL centre by ` +
          `${CLIENTS} connections from ${env.pool.size} generator processes, closed loop, over ` +
          `${service.urls.length} support-centres process(es)`,
        limits: "CPU per registration in support-centres (see bench/PROFILES.md)",
        ratioOf: "throughput",
        minRatio: 0.5,
        baselineShape: { requests: total, concurrency: CLIENTS, replicas: service.urls.length },
      };
    } finally {
      await service.stop();
      await nc.close();
      await ns.drop();
    }
  },
};
