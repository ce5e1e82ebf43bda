import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort, isListening } from "@krisstod/local-infra";
import { waitFor } from "@krisstod/testing";
import { afterAll, describe, expect, it } from "vitest";
import { nodeVersionProblem, SUPPORTED } from "../../../scripts/node-version.mjs";
import { repoRoot } from "../src/env.ts";

const scratch = mkdtempSync(join(tmpdir(), "krisstod-npm-start-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm start", () => {
  it("exits 0 when Ctrl-C reaches its whole process group, as in a terminal", {
    timeout: 120_000,
  }, async () => {
    const ports = {
      POSTGRES_PORT: await findFreePort(),
      NATS_PORT: await findFreePort(),
      ROSTER_PORT: await findFreePort(),
      ACTIVATION_PORT: await findFreePort(),
      SUPPORT_CENTRES_PORT: await findFreePort(),
      REPORTING_PORT: await findFreePort(),
      DASHBOARD_PORT: await findFreePort(),
      IDENTITY_PORT: await findFreePort(),
      NATIONAL_PORT: await findFreePort(),
    };
    const { DATABASE_URL: _db, NATS_URL: _nats, ...inherited } = process.env;
    // detached: npm leads a process group of its own, as a terminal's foreground job does; a
    // Ctrl-C there signals npm, the shell npm runs the script in and the launcher all at once.
    const npm = spawn("npm", ["start"], {
      cwd: repoRoot,
      detached: true,
      env: {
        ...inherited,
        ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
        KS_DATA_DIR: join(scratch, "data"),
        LOG_LEVEL: "warn",
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    for (const stream of [npm.stdout, npm.stderr]) stream.on("data", (chunk: Buffer) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      npm.once("exit", (code, signal) => resolve({ code, signal })),
    );

    // The first prefixed line comes from the supervisor: the launcher is up and handling signals.
    await waitFor(() => output.includes("launcher        │"), {
      timeoutMs: 60_000,
      message: `the launcher did not start:\n${output}`,
    });
    process.kill(-(npm.pid ?? 0), "SIGINT");

    expect(await exited, output).toEqual({ code: 0, signal: null });
    expect(output).toMatch(/launcher +│ stopped\n/);
    expect(await isListening(ports.POSTGRES_PORT)).toBe(false);
  });
});

describe("npm start's preflight (scripts/preflight.mjs)", () => {
  const lock = {
    lockfileVersion: 3,
    packages: {
      "": { name: "app", dependencies: { tsx: "^4.20.0" } },
      "node_modules/tsx": { version: "4.20.6" },
      "node_modules/@esbuild/darwin-arm64": { version: "0.25.0", optional: true },
    },
  };

  /** A checkout with package.json and lockfile, and node_modules as npm recorded it (or none). */
  function checkout(
    name: string,
    installed?: Record<string, unknown>,
    manifest = { name: "app", dependencies: { tsx: "^4.20.0" } },
  ) {
    const dir = join(scratch, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
    writeFileSync(join(dir, "package-lock.json"), JSON.stringify(lock));
    if (installed) {
      mkdirSync(join(dir, "node_modules"), { recursive: true });
      writeFileSync(join(dir, "node_modules/.package-lock.json"), JSON.stringify({ packages: installed }));
    }
    return dir;
  }

  function preflight(dir: string): string {
    const result = spawnSync(process.execPath, ["scripts/preflight.mjs", "--dry-run", "--root", dir], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    return result.stderr;
  }

  it("installs with npm ci on a fresh clone", () => {
    expect(preflight(checkout("fresh"))).toContain("node_modules is missing; running npm ci first");
  });

  it("installs nothing when node_modules matches the lockfile (platform builds of other systems may be absent)", () => {
    expect(preflight(checkout("current", { "node_modules/tsx": { version: "4.20.6" } }))).not.toContain(
      "running npm",
    );
  });

  it("runs npm install when a locked package is missing or another version is installed", () => {
    expect(preflight(checkout("missing", {}))).toContain("tsx is not installed; running npm install first");
    expect(preflight(checkout("older", { "node_modules/tsx": { version: "4.19.0" } }))).toContain(
      "tsx 4.19.0 is installed, the lockfile wants 4.20.6; running npm install first",
    );
  });

  it("runs npm install when package.json names a dependency the lockfile does not have", () => {
    const manifest = { name: "app", dependencies: { tsx: "^4.20.0", leaflet: "^1.9.4" } };
    expect(preflight(checkout("added", { "node_modules/tsx": { version: "4.20.6" } }, manifest))).toContain(
      "package.json and package-lock.json disagree about leaflet; running npm install first",
    );
  });
});

describe("the supported Node release", () => {
  it("refuses Node older than 22.12 with the release to install, and accepts 22.12 and later", () => {
    for (const old of ["20.20.2", "22.11.0", "18.19.1"]) {
      expect(nodeVersionProblem(old)).toBe(
        `Node ${old} is older than 22.12, the oldest release Krisstöd supports. Install Node 22 LTS (22.12 or later, https://nodejs.org) and run npm start again.`,
      );
    }
    for (const current of ["22.12.0", "22.23.5", "24.1.0"])
      expect(nodeVersionProblem(current)).toBeUndefined();
  });

  it("is the release package.json's engines declares and the one these tests run on", () => {
    const { engines } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    expect(engines.node).toBe(`>=${SUPPORTED.major}.${SUPPORTED.minor}`);
    expect(
      nodeVersionProblem(process.versions.node),
      "run the tests on Node 22 (.ci/node.sh)",
    ).toBeUndefined();
  });
});
