// The service image runs an esbuild bundle of src/main.ts (infra/docker/service.Dockerfile), not
// tsx. This builds the bundles exactly as the Dockerfile does, lays them out as the image does
// (dist/main.mjs + drizzle/, no node_modules in reach) and starts each against a real PostgreSQL
// and NATS: it must migrate, get ready, answer an authorised request and stop on SIGTERM.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "@krisstod/local-infra";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./support.ts";

const SERVICES = ["roster", "activation", "support-centres", "reporting"] as const;
const BANNER =
  "import { createRequire as __krisstodRequire } from 'node:module'; const require = __krisstodRequire(import.meta.url);";

/** The Dockerfile's build stage, for one service, into `<out>/<service>/{dist,drizzle}`. */
function bundle(service: string, out: string): string {
  const dir = join(out, service);
  const result = spawnSync(
    join(repoRoot, "node_modules/.bin/esbuild"),
    [
      `apps/${service}/src/main.ts`,
      "--bundle",
      "--platform=node",
      "--target=node22",
      "--format=esm",
      "--sourcemap",
      "--legal-comments=none",
      `--banner:js=${BANNER}`,
      `--outfile=${join(dir, "dist/main.mjs")}`,
      "--log-level=warning",
    ],
    { cwd: repoRoot, encoding: "utf8" },
  );
  expect(result.stderr, `esbuild warnings for ${service}`).toBe("");
  expect(result.status).toBe(0);
  cpSync(join(repoRoot, "apps", service, "drizzle"), join(dir, "drizzle"), { recursive: true });
  return dir;
}

describe("the services as the image runs them (esbuild bundle, no node_modules)", () => {
  let ns: TestNamespace;
  let out: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    ns = await createTestNamespace();
    // Outside the repository, so no node_modules folder is found by walking up from the bundle.
    out = mkdtempSync(join(tmpdir(), "krisstod-bundle-"));
  });
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(out, { recursive: true, force: true });
  });

  /** Starts `<out>/<service>` as the image does (NODE_ENV=production) with `variables`. */
  function run(
    service: string,
    variables: Record<string, string>,
  ): { child: ChildProcess; stderr: () => string } {
    const child = spawn(process.execPath, ["--enable-source-maps", "dist/main.mjs"], {
      cwd: join(out, service),
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...variables },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    children.push(child);
    return { child, stderr: () => stderr };
  }
  const asVariables = (env: object) =>
    Object.fromEntries(
      Object.entries(env).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]),
    ) as Record<string, string>;

  it("bundles, starts, serves and stops each service", async () => {
    const started = await Promise.all(
      SERVICES.map(async (service) => {
        bundle(service, out);
        const port = await findFreePort();
        const env = ns.envFor(service);
        const { child, stderr } = run(service, asVariables({ ...env, PORT: port, LOG_LEVEL: "warn" }));
        const url = `http://127.0.0.1:${port}`;
        await waitFor(
          async () => {
            if (child.exitCode !== null) throw new Error(`${service} exited ${child.exitCode}: ${stderr()}`);
            return (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200;
          },
          { timeoutMs: 30_000, message: `${service} bundle did not get ready` },
        );
        return { service, url, child };
      }),
    );

    const observer = await ns.headers({
      organisationId: "lansstyrelsen-13",
      countyCode: "13",
      roles: ["county-observer"],
    });
    const picture = await fetch(`${started[3]?.url}/picture?county=13`, { headers: observer });
    expect(picture.status).toBe(200);
    expect((await fetch(`${started[0]?.url}/organisations`)).status).toBe(401);

    for (const { service, child } of started) {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited, `${service} exit code after SIGTERM`).toBe(0);
    }
  });

  it("refuses to start in production without the audit signing key, saying which variable is missing", async () => {
    const { AUDIT_SIGNING_KEY: _key, AUDIT_SIGNING_KEY_FILE: _file, ...env } = ns.envFor("roster");
    const { child, stderr } = run("roster", asVariables({ ...env, PORT: await findFreePort() }));
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    expect(code).toBe(78);
    expect(stderr()).toMatch(/AUDIT_SIGNING_KEY: required in production \(NODE_ENV=production\)/);
    expect(stderr()).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});
