// The service image runs an esbuild bundle of src/main.ts (infra/docker/service.Dockerfile), not
// tsx. This builds the bundles with the Dockerfile's own step (scripts/bundle-service.mjs), laid
// out as the image has them (dist/main.mjs, drizzle/, package.json; no node_modules in reach), and
// starts each against a real PostgreSQL and NATS: it must migrate, get ready, answer an authorised
// request (reporting a PDF, with pdfkit's fonts) and stop on SIGTERM.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVICE_NAMES } from "@krisstod/contracts";
import { findFreePort } from "@krisstod/local-infra";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./support.ts";

const SERVICES = SERVICE_NAMES;
const BUNDLE_SCRIPT = "scripts/bundle-service.mjs";

/** The Dockerfile's build step (`script` from `root`), for one service, into `<out>/<service>`. */
function bundle(service: string, out: string, root = repoRoot) {
  return spawnSync(process.execPath, [join(root, BUNDLE_SCRIPT), service, join(out, service)], {
    cwd: root,
    encoding: "utf8",
  });
}

/** Real providers' settings for activation (nothing is called out here, so nothing is sent). */
const PROVIDERS = {
  SMS_API_URL: "http://127.0.0.1:9/a1/sms",
  SMS_API_USERNAME: "u-bundle-test",
  SMS_API_PASSWORD: "bundle-test",
  SMTP_URL: "smtp://127.0.0.1:9",
};

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
    const child = spawn(process.execPath, ["dist/main.mjs"], {
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
        const built = bundle(service, out);
        expect(built.stderr, `bundling ${service}`).toBe("");
        expect(built.status).toBe(0);
        const port = await findFreePort();
        const env = { ...ns.envFor(service), ...(service === "activation" ? PROVIDERS : {}) };
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
    // pdfkit loads its fonts from disk at run time; the image has no node_modules to find them in.
    const pdf = await fetch(`${started[3]?.url}/situation-reports/summary/pdf?county=13`, {
      headers: observer,
    });
    expect(pdf.status, await pdf.clone().text()).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    expect((await fetch(`${started[0]?.url}/organisations`)).status).toBe(401);
    // support-centres reads the municipality boundaries at run time (which municipality a centre is in).
    const boundaries = join(out, "support-centres/geo/swedish_municipalities.geojson");
    expect(JSON.parse(readFileSync(boundaries, "utf8")).features).toHaveLength(290);
    // Stack traces name the TypeScript files, but the map carries none of their text.
    const map = JSON.parse(readFileSync(join(out, "reporting/dist/main.mjs.map"), "utf8"));
    expect(map.sources.some((source: string) => source.includes("apps/reporting/src/"))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();

    for (const { service, child } of started) {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited, `${service} exit code after SIGTERM`).toBe(0);
    }
  });

  it("refuses a production start of activation without a real SMS provider and mail relay", async () => {
    const { SMTP_URL: _smtp, ...providers } = PROVIDERS;
    for (const [env, missing] of [
      [{}, /SMS_API_URL: required in production[^\n]*\n[^\n]*SMTP_URL: required in production/],
      [providers, /SMTP_URL: required in production \(NODE_ENV=production\): without a mail relay/],
    ] as const) {
      const { child, stderr } = run(
        "activation",
        asVariables({ ...ns.envFor("activation"), ...env, PORT: await findFreePort() }),
      );
      const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
      expect(code, stderr()).toBe(78);
      expect(stderr()).toMatch(missing);
      expect(stderr()).not.toMatch(/\n\s+at /);
    }
  });

  it("refuses to bundle without patches/, or with a patch that is not applied", () => {
    // A repository laid out as the image build's: the script and node_modules, patches/ left out.
    const root = mkdtempSync(join(tmpdir(), "krisstod-unpatched-"));
    try {
      mkdirSync(join(root, "scripts"));
      writeFileSync(join(root, BUNDLE_SCRIPT), readFileSync(join(repoRoot, BUNDLE_SCRIPT)));
      symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"));
      const withoutPatches = bundle("roster", root, root);
      expect(withoutPatches.status).toBe(1);
      expect(withoutPatches.stderr).toContain("refusing to bundle roster: patches/ is missing");

      mkdirSync(join(root, "patches"));
      const patch = readFileSync(join(repoRoot, "patches/postgres+3.4.9.patch"), "utf8");
      writeFileSync(
        join(root, "patches/postgres+3.4.9.patch"),
        patch.replace(
          "+    // krisstod patch: a cleared timer",
          "+    // a line npm ci alone never puts there",
        ),
      );
      const unapplied = bundle("roster", root, root);
      expect(unapplied.status).toBe(1);
      expect(unapplied.stderr).toContain("postgres+3.4.9.patch is not applied to node_modules/postgres/");
    } finally {
      rmSync(root, { recursive: true, force: true });
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
