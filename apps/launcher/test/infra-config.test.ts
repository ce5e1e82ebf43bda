import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUTHORIZATION_FILES, natsAuthorizationFile } from "@krisstod/local-infra";
import { afterAll, expect, test } from "vitest";
import { repoRoot } from "../src/env.ts";

const script = join(repoRoot, "scripts", "check-infra.mjs");
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

function check(root: string) {
  const result = spawnSync(process.execPath, [script, "--root", root], { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The repository's infra/ and docker-compose.yml in a temp folder, with one file changed. */
function copyWith(file: string, change: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "krisstod-infra-"));
  copies.push(dir);
  cpSync(join(repoRoot, "infra"), join(dir, "infra"), { recursive: true });
  cpSync(join(repoRoot, "docker-compose.yml"), join(dir, "docker-compose.yml"));
  const path = join(dir, file);
  const before = readFileSync(path, "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

const CONF = "infra/nats/nats-server.conf";

test("the repository's production NATS and compose configuration passes the check", () => {
  const result = check(repoRoot);
  expect(result.output).toContain("Infrastructure configuration ok");
  expect(result.status).toBe(0);
});

test.each([
  {
    breakage: "sync_interval removed",
    file: CONF,
    change: (t: string) => t.replace(/^\s*sync_interval:.*$/m, ""),
    says: "no `sync_interval: always`",
  },
  {
    breakage: "sync_interval set to an interval",
    file: CONF,
    change: (t: string) => t.replace("sync_interval: always", 'sync_interval: "2m"'),
    says: "sync_interval is 2m",
  },
  {
    breakage: "sync_interval only in a comment",
    file: CONF,
    change: (t: string) => t.replace("sync_interval: always", "# sync_interval: always"),
    says: "no `sync_interval: always`",
  },
  {
    breakage: "streams with one replica",
    file: "docker-compose.yml",
    change: (t: string) => t.replace('NATS_STREAM_REPLICAS: "3"', 'NATS_STREAM_REPLICAS: "1"'),
    says: "NATS_STREAM_REPLICAS=1 is below 3",
  },
  {
    breakage: "a NATS release without sync_interval",
    file: "docker-compose.yml",
    change: (t: string) =>
      t.replace(`image: \${NATS_IMAGE:-nats:2.15.1-alpine}`, `image: \${NATS_IMAGE:-nats:2.9.25-alpine}`),
    says: "older than nats 2.10",
  },
  {
    breakage: "a floating NATS image tag",
    file: "docker-compose.yml",
    change: (t: string) =>
      t.replace(`image: \${NATS_IMAGE:-nats:2.15.1-alpine}`, `image: \${NATS_IMAGE:-nats:2.15-alpine}`),
    says: "is not an exact release",
  },
  {
    breakage: "a floating NATS image tag in Kubernetes",
    file: "infra/k8s/base/nats/nats.yaml",
    change: (t: string) => t.replace("image: nats:2.15.1-alpine", "image: nats:2-alpine"),
    says: "infra/k8s/base/nats/nats.yaml: nats container: image nats:2-alpine is not an exact release",
  },
  {
    breakage: "no authorization",
    file: CONF,
    change: (t: string) => t.replace('include "authorization.conf"', ""),
    says: "no `authorization { users: … }`",
  },
  {
    breakage: "a password written into the authorization",
    file: "infra/nats/authorization.conf",
    change: (t: string) => t.replace("password: $NATS_ROSTER_PASSWORD", 'password: "hunter2"'),
    says: "a password is written into the file",
  },
  {
    breakage: "a user without permissions",
    file: "infra/nats/authorization.conf",
    change: (t: string) => t.replace(/permissions: \{[^\n]*\n[^\n]*\n[^\n]*\n[^\n]*\n\s*\}/, ""),
    says: "every user needs its own permissions",
  },
  {
    breakage: "clients without TLS",
    file: CONF,
    change: (t: string) => t.replace(/^tls \{[\s\S]*?^\}/m, ""),
    says: "no top-level `tls { cert_file … key_file … }`",
  },
  {
    breakage: "routes without TLS",
    file: "infra/nats/county-leaf.conf",
    change: (t: string) => t.replace(/^ {2}tls \{[\s\S]*?^ {2}\}\n {2}routes/m, "  routes"),
    says: "infra/nats/county-leaf.conf: cluster has no `tls { … }`",
  },
])("the check fails on $breakage", ({ file, change, says }) => {
  const result = check(copyWith(file, change));
  expect(result.status).toBe(1);
  expect(result.output).toContain(says);
});

test("the checked-in NATS authorization is what the contracts' bus access table generates (npm run nats:authorization)", () => {
  // Each for its NATS's namespace (a county's own in the national topology); the hub's also has the
  // national picture's user (reading the national stream only).
  expect(AUTHORIZATION_FILES.map((f) => f.namespace)).toContain("ks13");
  for (const { file, namespace, national, county } of AUTHORIZATION_FILES) {
    expect(readFileSync(join(repoRoot, file), "utf8"), file).toBe(
      natsAuthorizationFile(namespace, { national, ...(county ? { county } : {}) }),
    );
  }
  // A county's services send mutual aid to other counties only as their own county (#23).
  const halland = readFileSync(join(repoRoot, "infra/nats/authorization-halland.conf"), "utf8");
  expect(halland).toContain('"ks13.aid.13.*.mutual-aid.>"');
  expect(halland).not.toContain('"ks13.aid.*.');
});

test("the check fails on a Kubernetes ConfigMap under infra/ with one stream replica", () => {
  const dir = copyWith("docker-compose.yml", (t) => `${t}\n`);
  writeFileSync(
    join(dir, "infra", "config.yaml"),
    [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata: { name: krisstod-config }",
      "data:",
      '  NATS_STREAM_REPLICAS: "1"',
    ].join("\n"),
  );
  const result = check(dir);
  expect(result.status).toBe(1);
  expect(result.output).toContain("infra/config.yaml: NATS_STREAM_REPLICAS=1");
});
