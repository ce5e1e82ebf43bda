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
/**
 * Below the harness's SIGKILL (10 s after SIGTERM), and below the ~5.5 s a stop takes with NATS
 * gone when nothing cuts it short (the shutdown checkpoint and the drain wait for the server).
 */
const SHUTDOWN_GRACE_SECONDS = 2;

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
    cluster = await startCluster(ns.serviceEnv({ NATS_URL: nats.url, SHUTDOWN_GRACE_SECONDS }));
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

  it(
    "stops every service on SIGTERM within its grace period while NATS is down",
    async () => {
      await nats.stop("SIGKILL");
      // Let each service notice the lost connection, as a rolling restart during an outage would.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      for (const service of Object.values(cluster.services)) {
        const started = Date.now();
        await service.stop(); // SIGTERM; SIGKILL after 10 s if still running
        expect(service.lastExit?.signal, `${service.name} had to be killed`).not.toBe("SIGKILL");
        expect(Date.now() - started, `${service.name} stopped late`).toBeLessThan(
          SHUTDOWN_GRACE_SECONDS * 1000 + 2_500,
        );
      }
      nats = await startTestNatsServer({ port: natsPort, storeDir });
    },
    faultTimeoutMs,
  );
});
