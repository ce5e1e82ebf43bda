// Migrations as a pre-deploy step (issue 25): in Kubernetes a Job per service runs the release's
// image with `migrate` as the service's migrator, and the Deployments only verify (MIGRATIONS=verify)
// without the migrator's password. Checked on the rendered overlays, and in behaviour: a service
// that verifies refuses a database its release has not migrated, the `migrate` command (the Job's)
// migrates and exits, and then the service starts without any migrator credentials and serves.
import { spawnSync } from "node:child_process";
import { activationService } from "@krisstod/activation";
import { SERVICE_NAMES } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { halmstadLead, incidentBody, postJson } from "../e2e/support.ts";
import { type K8sObject, overlays, renderer, renderOverlay } from "./k8s-render.ts";
import { repoRoot } from "./support.ts";

const SERVICES: readonly string[] = SERVICE_NAMES;

describe("migrations before the rollout, not in every replica's start", () => {
  let ns: TestNamespace;
  const running: RunningService[] = [];
  beforeAll(async () => {
    ns = await createTestNamespace();
  });
  afterAll(async () => {
    for (const service of running) await service.stop();
    await ns?.drop();
  });

  /** activation's environment as a Deployment gives it: verify only, no migrator URL. */
  const verifyingEnv = () => {
    const env = ns.serviceEnv({ MIGRATIONS: "verify" });
    return { ...env, perService: { activation: { DATABASE_URL: ns.databaseUrls("activation").url } } };
  };

  it("refuses to start on an unmigrated database, migrates with the Job's command, then starts without the migrator", async () => {
    await expect(startService(activationService, verifyingEnv())).rejects.toThrow(
      /activation: \d+ migration\(s\) of this release are not applied; run the release's migrations job/,
    );

    const urls = ns.databaseUrls("activation");
    const job = spawnSync(process.execPath, ["--import", "tsx", "apps/activation/src/main.ts", "migrate"], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        PORT: "0",
        DATABASE_URL: urls.url,
        MIGRATION_DATABASE_URL: urls.migrationUrl,
        // Required by the service's configuration, never contacted by `migrate`.
        NATS_URL: "nats://127.0.0.1:1",
        OIDC_ISSUER: "http://127.0.0.1:1",
        LOG_LEVEL: "info",
      },
    });
    expect(job.status, `${job.stdout}${job.stderr}`).toBe(0);
    expect(job.stdout).toContain("activation migrations applied");

    const activation = await startService(activationService, verifyingEnv());
    running.push(activation);
    const lead = await ns.headers(halmstadLead);
    expect((await postJson(`${activation.url}/incidents`, incidentBody(), lead)).status).toBe(201);
  }, 120_000);

  describe.skipIf(!renderer).each(overlays)("overlay %s", (overlay) => {
    const objects = renderer ? renderOverlay(overlay) : [];
    const config = objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("krisstod-config"),
    );
    const containerOf = (o: K8sObject) => o.spec.template.spec.containers[0];
    const envNames = (o: K8sObject) => (containerOf(o).env ?? []).map((e: { name: string }) => e.name);

    it("has a migrate Job per service with the Deployment's image, as the migrator, before the sync", () => {
      for (const service of SERVICES) {
        const job = objects.find((o) => o.kind === "Job" && o.metadata.name === `${service}-migrate`);
        const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.name === service);
        expect(job, `${service}-migrate`).toBeDefined();
        if (!job || !deployment) continue;
        expect(containerOf(job).image).toBe(containerOf(deployment).image);
        expect(containerOf(job).command).toEqual(["node", "dist/main.mjs", "migrate"]);
        expect(envNames(job)).toEqual(expect.arrayContaining(["DATABASE_URL", "MIGRATION_DATABASE_URL"]));
        const migrator = (containerOf(job).env as { name: string; value?: string }[]).find(
          (e) => e.name === "MIGRATION_DATABASE_URL",
        );
        expect(migrator?.value).toMatch(new RegExp(`^postgres://ks_${service.replace("-", "_")}_migrator:`));
        expect(job.spec.template.spec.restartPolicy).toBe("Never");
        expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(0);
        expect(job.metadata.labels?.["krisstod.se/step"]).toBe("migrations");
        expect((job.metadata as { annotations?: Record<string, string> }).annotations).toMatchObject({
          "argocd.argoproj.io/hook": "PreSync",
        });
      }
    });

    it("lets the Deployments only verify, without the migrator's password", () => {
      expect(config?.data?.MIGRATIONS).toBe("verify");
      for (const service of SERVICES) {
        const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.name === service);
        expect(deployment, service).toBeDefined();
        if (!deployment) continue;
        expect(envNames(deployment)).not.toContain("MIGRATION_DATABASE_URL");
        expect(JSON.stringify(containerOf(deployment).env)).not.toContain("migrator");
        expect(
          (containerOf(deployment).envFrom ?? []).map(
            (e: { configMapRef?: { name: string } }) => e.configMapRef?.name,
          ),
        ).toContain(config?.metadata.name);
      }
    });
  });
});
