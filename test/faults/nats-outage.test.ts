import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "@krisstod/local-infra";
import {
  createTestNamespace,
  startTestNatsServer,
  type TestNamespace,
  type TestNatsServer,
} from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../scenario/cluster.ts";
import { type Baseline, baselineRun, runOn } from "../scenario/harness.ts";
import { expectRecovered, faultPlan, faultTimeoutMs, stepAt } from "./support.ts";

/** The issue asks for 30 s; CI stops NATS for 10 s (same code paths, a third of the wait). */
const OUTAGE_MS = process.env.LONG === "1" ? 30_000 : 10_000;

describe(`NATS stopped for ${OUTAGE_MS / 1000} s while the scenario runs`, () => {
  let ns: TestNamespace;
  let cluster: Cluster;
  let baseline: Baseline;
  let nats: TestNatsServer;
  let natsPort: number;
  let storeDir: string;

  beforeAll(async () => {
    // A NATS server of our own, so stopping it disturbs no other test file.
    storeDir = mkdtempSync(join(tmpdir(), "krisstod-fault-nats-"));
    natsPort = await findFreePort();
    nats = await startTestNatsServer({ port: natsPort, storeDir });
    ns = await createTestNamespace();
    baseline = await baselineRun(createTestNamespace, faultPlan());
    cluster = await startCluster(ns.serviceEnv({ NATS_URL: nats.url }));
  }, faultTimeoutMs);
  afterAll(async () => {
    await cluster?.stop();
    await nats?.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it(
    "keeps taking writes, then delivers every event once and ends in the fault-free picture",
    async () => {
      const plan = faultPlan();
      const at = stepAt(plan.steps.length, 0.35);
      let back: Promise<void> | undefined;
      let stepsDuringOutage = 0;
      let down = false;
      const ledger = await runOn(ns, cluster, plan, async (index) => {
        if (down) stepsDuringOutage++;
        if (index !== at) return;
        await nats.stop("SIGKILL");
        down = true;
        back = new Promise((resolve) => setTimeout(resolve, OUTAGE_MS)).then(async () => {
          nats = await startTestNatsServer({ port: natsPort, storeDir });
          down = false;
        });
      });
      await back;
      // Writes went on while the bus was down (they need only PostgreSQL).
      expect(stepsDuringOutage).toBeGreaterThan(5);
      await expectRecovered(ns, cluster, ledger, baseline, nats.harnessUrl);
    },
    faultTimeoutMs,
  );
});
