// `npm run nats:authorization`: writes the production NATS authorization (one user per service,
// permissions generated from @krisstod/contracts busAccess) to every file of AUTHORIZATION_FILES
// (@krisstod/local-infra): infra/nats/ and its copies for Kubernetes (base and each overlay, since
// kustomize reads no file outside its folder), each for its NATS's subject namespace (`ks`, or a
// county's own `ks<code>` in the national topology). The passwords are not in the files:
// nats-server reads each from its environment (NATS_ROSTER_PASSWORD …), which compose fills from
// .env and Kubernetes from a Secret. Run it after changing what a service publishes, consumes or
// calls; a test fails while a file is stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AUTHORIZATION_FILES, natsAuthorizationFile } from "../packages/local-infra/src/index.ts";

const root = join(import.meta.dirname, "..");
for (const { file, namespace, national, county } of AUTHORIZATION_FILES) {
  writeFileSync(
    join(root, file),
    natsAuthorizationFile(namespace, { national, ...(county ? { county } : {}) }),
  );
  console.log(`wrote ${file} (namespace ${namespace})`);
}
