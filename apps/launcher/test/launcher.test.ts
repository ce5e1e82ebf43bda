import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CreateIncidentBody,
  type Incident,
  NationalPicture,
  type RegionalPicture,
} from "@krisstod/contracts";
import { findFreePorts, isListening } from "@krisstod/local-infra";
import { waitFor } from "@krisstod/testing";
import { afterAll, expect, test } from "vitest";
import { repoRoot } from "../src/env.ts";

const READY = "Krisstöd is ready.";

interface RunningLauncher {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}

const launched: RunningLauncher[] = [];
const dataDir = mkdtempSync(join(tmpdir(), "krisstod-launcher-"));

afterAll(async () => {
  // Only if a test failed half-way: the launcher's own shutdown has stopped everything otherwise.
  for (const launcher of launched) {
    if (launcher.process.exitCode === null) launcher.process.kill("SIGTERM");
    await launcher.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const portNames = [
  "POSTGRES_PORT",
  "NATS_PORT",
  "ROSTER_PORT",
  "ACTIVATION_PORT",
  "SUPPORT_CENTRES_PORT",
  "REPORTING_PORT",
  "DASHBOARD_PORT",
  "IDENTITY_PORT",
  "NATIONAL_PORT",
] as const;

/** A free port for every server, no two the same. */
async function freePorts(): Promise<Record<(typeof portNames)[number], number>> {
  const ports = await findFreePorts(portNames.length);
  return Object.fromEntries(portNames.map((name, i) => [name, ports[i] as number])) as Record<
    (typeof portNames)[number],
    number
  >;
}
type Ports = Awaited<ReturnType<typeof freePorts>>;

/** Runs the launcher as `npm start` would, with no DATABASE_URL or NATS_URL: the embedded path. */
function launch(ports: Ports, extraEnv: Record<string, string> = {}): RunningLauncher {
  const { DATABASE_URL: _db, NATS_URL: _nats, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "apps/launcher/src/main.ts"], {
    cwd: repoRoot,
    env: {
      ...inherited,
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      KS_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      NO_COLOR: "1",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const launcher = { process: child, exited, output: () => output };
  launched.push(launcher);
  return launcher;
}

async function untilReady(launcher: RunningLauncher): Promise<void> {
  await waitFor(
    () => {
      if (launcher.process.exitCode !== null) {
        throw new Error(`launcher exited with ${launcher.process.exitCode}:\n${launcher.output()}`);
      }
      return launcher.output().includes(READY);
    },
    { timeoutMs: 150_000, intervalMs: 250, message: "launcher did not print that it is ready" },
  );
}

async function listeningPorts(ports: Ports): Promise<string[]> {
  const open: string[] = [];
  for (const [name, port] of Object.entries(ports)) if (await isListening(port)) open.push(name);
  return open;
}

/** The pid of a process below `root` whose command line contains `needle`. */
function descendantPid(root: number, needle: string): number | undefined {
  const table = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" });
  const rows = table
    .split("\n")
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((match): match is RegExpMatchArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] ?? "" }));
  const below = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (below.has(row.ppid) && !below.has(row.pid)) {
        below.add(row.pid);
        grew = true;
      }
    }
  }
  return rows.find((row) => below.has(row.pid) && row.pid !== root && row.args.includes(needle))?.pid;
}

const incident: CreateIncidentBody = {
  organisationId: "kommun-1380",
  countyCode: "13",
  kind: "fire",
  title: "Brand i flerbostadshus, launcher-test",
  location: { lat: 56.6634, lon: 12.8924, address: "Andersberg, Halmstad" },
  occurredAt: "2026-11-28T06:30:00Z",
  affectedMunicipalities: ["1380"],
};

/**
 * Sign in as Halmstad's POSOM lead at the development issuer, when the launcher runs one: services
 * that verify tokens answer 401 without it. Sent to every service, guarded or not.
 */
async function signIn(ports: Ports, userId = "kommun-1380.posom-lead"): Promise<Record<string, string>> {
  if (!existsSync(join(repoRoot, "apps/identity/src/main.ts"))) return {};
  const response = await fetch(`http://127.0.0.1:${ports.IDENTITY_PORT}/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId }),
  });
  expect(response.status).toBe(200);
  const { access_token } = (await response.json()) as { access_token: string };
  return { authorization: `Bearer ${access_token}` };
}

/**
 * What MSB's national observer sees of Halmstad through the dashboard's proxy (/api/national), as
 * the browser asks for it, once it shows `open` open incidents.
 */
async function nationalPictureShows(ports: Ports, open: number) {
  const msb = await signIn(ports, "msb.national-observer");
  let seen: unknown;
  return waitFor(
    async () => {
      const response = await fetch(`http://127.0.0.1:${ports.DASHBOARD_PORT}/api/national/national-picture`, {
        headers: msb,
      });
      if (response.status !== 200) {
        seen = `${response.status} ${await response.text()}`;
        return false;
      }
      const picture = NationalPicture.parse(await response.json());
      const halland = picture.counties.find((county) => county.countyCode === "13");
      seen = halland;
      const halmstad = halland?.organisations.find((o) => o.organisationId === "kommun-1380");
      return halland?.totals.incidentsOpen === open && halmstad?.incidentsOpen === open && halland;
    },
    {
      timeoutMs: 20_000,
      intervalMs: 250,
      message: `the national picture did not show ${open} open incident(s)`,
    },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; last seen ${JSON.stringify(seen)}`);
  });
}

async function listIncidents(activationPort: number, auth: Record<string, string>): Promise<Incident[]> {
  const response = await fetch(`http://127.0.0.1:${activationPort}/incidents`, { headers: auth });
  expect(response.status).toBe(200);
  return (await response.json()) as Incident[];
}

test("npm start brings everything up on embedded servers, stops cleanly on Ctrl-C, keeps data, and stops everything when a child crashes", {
  timeout: 300_000,
}, async () => {
  const ports = await freePorts();
  const first = launch(ports);
  await untilReady(first);
  expect(first.output()).toContain(`http://127.0.0.1:${ports.ACTIVATION_PORT}`);
  expect(first.output()).toContain(`curl -sS -X POST http://127.0.0.1:${ports.ACTIVATION_PORT}/incidents`);
  const auth = await signIn(ports);

  const created = await fetch(`http://127.0.0.1:${ports.ACTIVATION_PORT}/incidents`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth },
    body: JSON.stringify(incident),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as Incident;
  expect((await listIncidents(ports.ACTIVATION_PORT, auth)).map((i) => i.id)).toContain(id);

  if (existsSync(join(repoRoot, "apps/reporting/src/main.ts"))) {
    // Through the outbox, JetStream and the reporting projection.
    await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${ports.REPORTING_PORT}/picture?county=13`, {
          headers: auth,
        });
        const picture = (await response.json()) as RegionalPicture;
        return picture.incidents.some((i) => i.id === id);
      },
      { timeoutMs: 5_000, message: "incident did not reach the regional picture" },
    );
    // The national picture (#23): the launcher's nats-server is also the hub; MSB sees the county's count.
    const halland = await nationalPictureShows(ports, 1);
    expect(halland.lastEventAt).not.toBeNull();
  }

  first.process.kill("SIGINT");
  expect(await first.exited).toBe(0);
  expect(first.output()).toMatch(/stopping NATS[\s\S]*stopping PostgreSQL[\s\S]*stopped/);
  expect(await listeningPorts(ports)).toEqual([]);

  // Second start on the same data dir: the incident is still there.
  const second = launch(ports);
  await untilReady(second);
  // The issuer's signing key is kept in the data dir too, so the same token still verifies.
  expect((await listIncidents(ports.ACTIVATION_PORT, auth)).map((i) => i.id)).toContain(id);
  // The national stream is kept too: the national picture, rebuilt from it, still counts the incident.
  await nationalPictureShows(ports, 1);

  // A crashing child stops everything, with a non-zero exit that names it.
  const activationPid = descendantPid(second.process.pid ?? -1, "apps/activation/src/main.ts");
  expect(activationPid).toBeDefined();
  process.kill(activationPid ?? -1, "SIGKILL");
  expect(await second.exited).not.toBe(0);
  expect(second.output()).toContain("activation was killed by SIGKILL");
  expect(await listeningPorts(ports)).toEqual([]);
});

test("npm start refuses a nats-server older than 2.10 before starting anything, and says how to get one", {
  timeout: 60_000,
}, async () => {
  const fakeDir = mkdtempSync(join(tmpdir(), "krisstod-old-nats-"));
  const fake = join(fakeDir, "nats-server");
  writeFileSync(fake, '#!/bin/sh\necho "nats-server: v2.9.10"\n');
  chmodSync(fake, 0o755);
  try {
    const ports = await freePorts();
    const launcher = launch(ports, { NATS_SERVER_BIN: fake });
    expect(await launcher.exited).not.toBe(0);
    expect(launcher.output()).toContain("nats-server 2.9.10; Krisstöd needs 2.10.0 or later");
    expect(launcher.output()).toContain("brew install nats-server");
    expect(launcher.output()).not.toContain("starting embedded PostgreSQL");
    expect(await listeningPorts(ports)).toEqual([]);
  } finally {
    rmSync(fakeDir, { recursive: true, force: true });
  }
});
