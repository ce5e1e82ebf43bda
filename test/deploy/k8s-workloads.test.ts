// Every Deployment of every rendered overlay survives node drains and rollouts (issue 25): a
// PodDisruptionBudget that selects its pods, a topology spread over nodes, readiness, liveness and
// startup probes, a preStop pause inside the grace period (endpoints are removed asynchronously),
// the namespace under the "restricted" Pod Security Standard, roster's memory above what the
// benchmark measured for the largest import, and each service's audit signing key (issue 18).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SERVICE_NAMES } from "@krisstod/contracts";
import { describe, expect, it } from "vitest";
import { type K8sObject, type Labels, overlays, renderer, renderOverlay } from "./k8s-render.ts";
import { repoRoot } from "./support.ts";

const selects = (selector: { matchLabels?: Labels } | undefined, labels: Labels) =>
  Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
  Object.keys(selector?.matchLabels ?? {}).length > 0;

/** Kubernetes memory quantity in bytes. */
function memory(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(value);
  if (!match) throw new Error(`not a quantity: ${value}`);
  const unit = match[2] ?? "";
  const factor = { "": 1, K: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[unit] ?? 1;
  return Number(match[1]) * factor;
}

/** The benchmark's measured roster import peak (README, "Roster import peak RSS"), in bytes. */
function measuredImportPeak(): number {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const match = /Roster import peak RSS[\s\S]{0,600}?peak (\d+(?:\.\d+)?) MB/.exec(readme);
  if (!match) throw new Error("README has no roster import peak figure");
  return Number(match[1]) * 1e6;
}

describe.skipIf(!renderer)("Deployments in the Kubernetes overlays", () => {
  describe.each(overlays)("overlay %s", (overlay) => {
    const objects = renderer ? renderOverlay(overlay) : [];
    const deployments = objects.filter((o) => o.kind === "Deployment");

    it("gives every Deployment a PDB, a spread over nodes, three probes and a preStop pause", () => {
      expect(deployments.length).toBeGreaterThanOrEqual(5);
      const missing: string[] = [];
      for (const deployment of deployments) {
        const name = deployment.metadata.name;
        const pod = deployment.spec.template;
        const labels: Labels = pod.metadata.labels;
        const pdbs = objects.filter(
          (o) => o.kind === "PodDisruptionBudget" && selects(o.spec.selector, labels),
        );
        if (pdbs.length === 0) missing.push(`${name}: PodDisruptionBudget`);
        for (const pdb of pdbs) {
          // A budget that allows no eviction blocks every node drain.
          if (pdb.spec.minAvailable !== undefined && pdb.spec.minAvailable >= deployment.spec.replicas)
            missing.push(`${name}: PDB minAvailable ${pdb.spec.minAvailable} ≥ replicas`);
        }
        const spread = (pod.spec.topologySpreadConstraints ?? []) as {
          topologyKey: string;
          labelSelector?: { matchLabels?: Labels };
        }[];
        if (
          !spread.some((c) => c.topologyKey === "kubernetes.io/hostname" && selects(c.labelSelector, labels))
        )
          missing.push(`${name}: topologySpreadConstraints over kubernetes.io/hostname`);
        for (const container of pod.spec.containers) {
          for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
            if (!container[probe]) missing.push(`${name}/${container.name}: ${probe}`);
          }
          const pause = container.lifecycle?.preStop?.sleep?.seconds;
          if (!(pause > 0)) missing.push(`${name}/${container.name}: preStop sleep`);
          else if (pause >= (pod.spec.terminationGracePeriodSeconds ?? 30) - 10)
            missing.push(`${name}/${container.name}: preStop leaves under 10 s of the grace period to drain`);
        }
      }
      expect(missing).toEqual([]);
    });

    it("gives every service with an audit trail its own audit signing key from a Secret", () => {
      for (const service of SERVICE_NAMES) {
        const deployment = deployments.find((d) => d.metadata.name === service) as K8sObject;
        const env = deployment.spec.template.spec.containers[0].env as {
          name: string;
          valueFrom?: { secretKeyRef?: { name: string; key: string } };
        }[];
        const key = env.find((variable) => variable.name === "AUDIT_SIGNING_KEY");
        expect(key?.valueFrom?.secretKeyRef, service).toEqual({
          name: "krisstod-audit-signing-keys",
          key: `${service}.pem`,
        });
      }
    });

    it("puts the namespace under the restricted Pod Security Standard", () => {
      const namespace = deployments[0]?.metadata.namespace;
      const object = objects.find(
        (o) => o.kind === "Namespace" && o.metadata.name === namespace,
      ) as K8sObject;
      expect(object?.metadata.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
    });

    it("gives roster memory above the measured import peak, with headroom", () => {
      const peak = measuredImportPeak();
      expect(peak).toBeGreaterThan(100e6);
      const roster = deployments.find((d) => d.metadata.name === "roster") as K8sObject;
      const resources = roster.spec.template.spec.containers[0].resources;
      expect(memory(resources.requests.memory)).toBeGreaterThanOrEqual(peak * 1.25);
      expect(memory(resources.limits.memory)).toBeGreaterThanOrEqual(peak * 2);
    });
  });
});
