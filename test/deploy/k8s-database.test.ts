// The database of every rendered overlay: CloudNativePG with 3 instances, at least one synchronous
// replica (so a failover loses no acknowledged commit), instances on different nodes, a pinned
// image, WAL archiving to object storage with credentials from a Secret, its own archive path per
// overlay, and a ScheduledBackup of that cluster (issue 25).
import { describe, expect, it } from "vitest";
import { overlays, renderer, renderOverlay } from "./k8s-render.ts";

describe.skipIf(!renderer)("PostgreSQL in the Kubernetes overlays", () => {
  const rendered = Object.fromEntries(
    overlays.map((overlay) => [overlay, renderer ? renderOverlay(overlay) : []]),
  );
  const clusterOf = (overlay: string) =>
    (rendered[overlay] ?? []).find(
      (o) => o.kind === "Cluster" && o.apiVersion.startsWith("postgresql.cnpg.io/"),
    );

  describe.each(overlays)("overlay %s", (overlay) => {
    it("runs 3 instances with a synchronous replica, spread over nodes, on a pinned image", () => {
      const spec = clusterOf(overlay)?.spec;
      expect(spec?.instances).toBeGreaterThanOrEqual(3);
      const synchronous = spec.postgresql?.synchronous;
      const syncReplicas = Math.max(synchronous?.number ?? 0, spec.minSyncReplicas ?? 0);
      expect(syncReplicas, "postgresql.synchronous.number or minSyncReplicas").toBeGreaterThanOrEqual(1);
      // CloudNativePG refuses the legacy fields next to postgresql.synchronous.
      if (synchronous) expect([spec.minSyncReplicas, spec.maxSyncReplicas]).toEqual([undefined, undefined]);
      expect(spec.affinity).toMatchObject({
        enablePodAntiAffinity: true,
        podAntiAffinityType: "required",
        topologyKey: "kubernetes.io/hostname",
      });
      expect(spec.imageName).toMatch(/^[\w./-]+(:\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$/);
    });

    it("archives WAL to object storage with credentials from a Secret and takes scheduled base backups", () => {
      const cluster = clusterOf(overlay);
      const store = cluster?.spec.backup?.barmanObjectStore;
      expect(store?.destinationPath).toMatch(/^(s3|gs|https):\/\//);
      expect(store?.s3Credentials ?? store?.azureCredentials ?? store?.googleCredentials).toBeDefined();
      for (const reference of Object.values(store?.s3Credentials ?? {}) as { name: string; key: string }[]) {
        expect(reference).toEqual({ name: expect.any(String), key: expect.any(String) });
      }
      expect(store?.wal).toBeDefined();
      expect(cluster?.spec.backup.retentionPolicy).toMatch(/^\d+[dwm]$/);
      const scheduled = (rendered[overlay] ?? []).filter((o) => o.kind === "ScheduledBackup");
      expect(scheduled.map((o) => o.spec.cluster.name)).toContain(cluster?.metadata.name);
      for (const backup of scheduled) {
        // The operator's cron has six fields, seconds first; a five-field one is refused.
        expect(backup.spec.schedule.trim().split(/\s+/)).toHaveLength(6);
      }
    });
  });

  it("gives every overlay an archive path of its own", () => {
    const paths = overlays.map(
      (overlay) => clusterOf(overlay)?.spec.backup?.barmanObjectStore?.destinationPath,
    );
    expect(new Set(paths).size).toBe(overlays.length);
  });
});
