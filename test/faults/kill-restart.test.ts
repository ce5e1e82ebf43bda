import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, type ServiceName, startCluster } from "../scenario/cluster.ts";
import { type Baseline, baselineRun, runOn } from "../scenario/harness.ts";
import { actors } from "../scenario/plan.ts";
import {
  expectFollowedWholeFeed,
  expectRecovered,
  faultPlan,
  faultTimeoutMs,
  followPicture,
  stepAt,
} from "./support.ts";

/**
 * kill -9 of each service in turn while the scenario runs, each started again at once on the same
 * port (requests to it meanwhile find it down and are retried, as a client would).
 */
describe("kill -9 and restart of each service in turn", () => {
  let ns: TestNamespace;
  let cluster: Cluster;
  let baseline: Baseline;

  beforeAll(async () => {
    ns = await createTestNamespace();
    baseline = await baselineRun(createTestNamespace, faultPlan());
    cluster = await startCluster(ns.serviceEnv());
  }, faultTimeoutMs);
  afterAll(async () => {
    await cluster?.stop();
  });

  it(
    "loses no acknowledged write, duplicates no effect, and ends in the fault-free picture",
    async () => {
      const plan = faultPlan();
      const n = plan.steps.length;
      // Roster just before the first decision (activation must ask it), activation just after it
      // (its notifier is handing messages over), then support-centres and reporting mid-visitors.
      const kills = new Map<number, ServiceName>([
        [plan.steps.findIndex((s) => s.kind === "activation"), "roster"],
        [plan.steps.findIndex((s) => s.kind === "answers"), "activation"],
        [stepAt(n, 0.5), "support-centres"],
        [stepAt(n, 0.75), "reporting"],
      ]);
      // Länsstyrelsen's dashboard follows the county's picture throughout; reporting's kill drops it.
      const dashboard = followPicture(`${cluster.url("reporting")}/stream?county=13`, () =>
        ns.headers(actors.observer),
      );
      try {
        const restarts: Promise<void>[] = [];
        const killed: string[] = [];
        const ledger = await runOn(ns, cluster, plan, async (index) => {
          const name = kills.get(index);
          if (!name) return;
          const service = cluster.services[name];
          await service.kill();
          killed.push(`${name}@${index}`);
          restarts.push(service.start());
        });
        await Promise.all(restarts);
        expect(killed).toHaveLength(4);
        await expectRecovered(ns, cluster, ledger, baseline);
        // The dashboard came back after the kill and missed no intermediate change.
        expect(dashboard.reconnects).toBeGreaterThanOrEqual(1);
        await expectFollowedWholeFeed(ns.databaseUrl, dashboard, "13");
      } finally {
        await dashboard.stop();
      }
    },
    faultTimeoutMs,
  );
});
