import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmbeddedPostgresHandle, findFreePort, startEmbeddedPostgres } from "@krisstod/local-infra";
import { createTestNamespace } from "@krisstod/testing";
import { createNamespace, type Namespace } from "@krisstod/testing/namespace";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Cluster, startCluster } from "../scenario/cluster.ts";
import { type Baseline, baselineRun, runOn } from "../scenario/harness.ts";
import { expectRecovered, faultPlan, faultTimeoutMs, stepAt, withServiceLogs } from "./support.ts";

const DOWN_MS = process.env.LONG === "1" ? 15_000 : 3_000;

describe("PostgreSQL restarted while the scenario runs", () => {
  let ns: Namespace;
  let cluster: Cluster;
  let baseline: Baseline;
  let pg: EmbeddedPostgresHandle;
  let dir: string;
  let port: number;

  beforeAll(async () => {
    // A PostgreSQL of our own, so the restart disturbs no other test file.
    dir = mkdtempSync(join(tmpdir(), "krisstod-fault-pg-"));
    port = await findFreePort();
    pg = await startEmbeddedPostgres({ dataDir: join(dir, "data"), port, database: "faults" });
    ns = await createNamespace(pg.adminUrl, inject("natsUrl"), inject("natsSecrets").servicePassword);
    baseline = await baselineRun(createTestNamespace, faultPlan());
    cluster = await startCluster(ns.serviceEnv());
  }, faultTimeoutMs);
  afterAll(async () => {
    await cluster?.stop();
    await ns?.drop().catch(() => {});
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it(
    "comes back by itself: nothing acknowledged is lost and the picture is the fault-free one",
    async () => {
      const plan = faultPlan();
      const at = stepAt(plan.steps.length, 0.4);
      let back: Promise<void> | undefined;
      const ledger = await runOn(ns, cluster, plan, async (index) => {
        if (index !== at) return;
        await pg.stop();
        back = new Promise((resolve) => setTimeout(resolve, DOWN_MS)).then(async () => {
          pg = await startEmbeddedPostgres({ dataDir: join(dir, "data"), port, database: "faults" });
        });
      }).catch((error: unknown) => {
        // Say which service stopped answering, with its last log lines.
        throw withServiceLogs(cluster, error, 8);
      });
      await back;
      // While the database was down, requests were answered 503 "try again" (retried by the
      // scenario) — never hung, never an internal error.
      const statuses = [...new Set(ledger.serverErrors.map((e) => e.status))];
      console.info(
        `answers while PostgreSQL was down: ${JSON.stringify(statuses)}; e.g. ${JSON.stringify(ledger.serverErrors[0])}`,
      );
      expect(statuses.every((s) => s === 503)).toBe(true);
      await expectRecovered(ns, cluster, { ...ledger }, baseline);
    },
    faultTimeoutMs,
  );
});
