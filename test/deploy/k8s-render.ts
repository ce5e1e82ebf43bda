// Renders a Kustomize overlay of infra/k8s/overlays with `kubectl kustomize` (or a standalone
// `kustomize build`) into plain objects, for the manifest tests that check what a cluster would
// really receive rather than the source files.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { repoRoot } from "./support.ts";

export type Labels = Record<string, string>;
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels };
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests are checked field by field
  spec?: any;
  data?: Record<string, string>;
};

export const overlaysDir = join(repoRoot, "infra/k8s/overlays");
export const overlays = readdirSync(overlaysDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function findRenderer(): { command: string; args: string[] } | undefined {
  for (const candidate of [
    { command: "kubectl", args: ["kustomize"] },
    { command: "kustomize", args: ["build"] },
  ]) {
    if (spawnSync(candidate.command, ["version", "--client"], { encoding: "utf8" }).status === 0)
      return candidate;
    if (spawnSync(candidate.command, ["version"], { encoding: "utf8" }).status === 0) return candidate;
  }
  return undefined;
}
export const renderer = findRenderer();

/** The rendered objects of an overlay directory (any directory with a kustomization.yaml). */
export function renderDir(dir: string): K8sObject[] {
  if (!renderer) throw new Error("no kubectl or kustomize");
  const result = spawnSync(renderer.command, [...renderer.args, dir], {
    encoding: "utf8",
    maxBuffer: 32 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`rendering ${dir} failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

export const renderOverlay = (overlay: string) => renderDir(join(overlaysDir, overlay));
