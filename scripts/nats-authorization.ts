// `npm run nats:authorization`: writes the production NATS authorization (one user per service,
// permissions generated from @krisstod/contracts busAccess, namespace "ks") to
// infra/nats/authorization.conf and its copies for Kubernetes (base and each overlay, since
// kustomize reads no file outside its folder), which the NATS configs include. The passwords are not in the files: nats-server reads each from its environment
// (NATS_ROSTER_PASSWORD …), which compose fills from .env and Kubernetes from a Secret. Run it
// after changing what a service publishes, consumes or calls; a test fails while a file is stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { natsAuthorizationFile } from "../packages/local-infra/src/index.ts";

const root = join(import.meta.dirname, "..");
const AUTHORIZATION_FILES = [
  "infra/nats/authorization.conf",
  "infra/k8s/base/nats/authorization.conf",
  "infra/k8s/overlays/county-halland/authorization.conf",
  "infra/k8s/overlays/national/authorization.conf",
];
for (const file of AUTHORIZATION_FILES) {
  // Only the hub serves the national picture, so only its file has the national-reporting user.
  writeFileSync(join(root, file), natsAuthorizationFile("ks", { national: file.includes("/national/") }));
  console.log(`wrote ${file}`);
}
