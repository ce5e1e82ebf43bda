// The production restore drill's CloudNativePG part (scripts/restore-drill.ts `postgres`), which
// needs a cluster and is not run here: the Cluster it creates must be valid for the operator, recover
// from the overlay's own object store, and never archive into it. And the recovery point stated in
// docs/operations.md for a lost site is what the overlays configure (archive_timeout).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Cluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";
import { describe, expect, it } from "vitest";
import { recoveryCluster } from "../../scripts/restore-drill.ts";
import { overlays, renderer, renderOverlay } from "./k8s-render.ts";
import { repoRoot } from "./support.ts";

describe.skipIf(!renderer).each(overlays)(
  "the restore drill's recovery Cluster for overlay %s",
  (overlay) => {
    const objects = renderer ? renderOverlay(overlay) : [];
    const origin = objects.find((o) => o.kind === "Cluster" && o.metadata.name === "krisstod-db");

    it("is a valid Cluster recovering from the overlay's archive to the target time, archiving nowhere", () => {
      const drill = recoveryCluster(objects, { targetTime: "2026-12-06 08:00:00+00" });
      expect(() => new Cluster(drill as never).validate()).not.toThrow();
      expect(drill.metadata).toEqual({ name: "krisstod-db-drill", namespace: origin?.metadata.namespace });
      expect(drill.spec.bootstrap.recovery).toMatchObject({
        source: "origin",
        recoveryTarget: { targetTime: "2026-12-06 08:00:00+00" },
      });
      const [source] = drill.spec.externalClusters;
      expect(source.barmanObjectStore.destinationPath).toBe(
        origin?.spec.backup.barmanObjectStore.destinationPath,
      );
      expect(source.barmanObjectStore.serverName).toBe("krisstod-db");
      expect(drill.spec.backup).toBeUndefined();
      expect(drill.spec.instances).toBe(1);
      expect(drill.spec.postgresql.synchronous).toBeUndefined();
    });

    it("archives WAL at least as often as the recovery point docs/operations.md states for a lost site", () => {
      const docs = readFileSync(join(repoRoot, "docs/operations.md"), "utf8");
      const stated = /\| a whole site lost[^|]*\| ≤ (\d+) s /.exec(docs)?.[1];
      expect(stated, "docs/operations.md: the RPO row for a whole site lost").toBeDefined();
      expect(origin?.spec.postgresql.parameters.archive_timeout).toBe(`${stated}s`);
    });
  },
);
