// scripts/backup-restore.sh against the embedded default, the way an operator would use it: the
// system runs with demo data and an incident, is stopped, backed up, wiped, restored and started
// again — and the demo data, the incident, the picture and the event stream are all back.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { activationService } from "@krisstod/activation";
import { natsConnectOptions } from "@krisstod/bus";
import { parseEnv, type ServiceEnv, serviceEnv } from "@krisstod/config";
import { Incident, RegionalPicture, subjects } from "@krisstod/contracts";
import {
  findFreePort,
  provideServiceRoles,
  type ServiceDatabaseUrls,
  startEmbeddedPostgres,
} from "@krisstod/local-infra";
import { reportingService } from "@krisstod/reporting";
import { rosterService } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import {
  makePrincipal,
  startTestIssuer,
  startTestNatsServer,
  type TestIssuer,
  waitFor,
} from "@krisstod/testing";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { incidentBody } from "../e2e/support.ts";
import { repoRoot } from "./support.ts";

const script = join(repoRoot, "scripts/backup-restore.sh");

function run(...args: string[]) {
  const result = spawnSync("bash", [script, ...args], {
    encoding: "utf8",
    env: { ...process.env, KS_DATA_DIR: dataDir, DATABASE_URL: "", NATS_STORE_DIR: "" },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

let dataDir: string;

describe("backup → wipe → restore of the embedded default", () => {
  let work: string;
  let issuer: TestIssuer;
  let pgPort: number;
  let natsPort: number;
  const stops: (() => Promise<void>)[] = [];

  /** The embedded PostgreSQL and nats-server on KS_DATA_DIR, as `npm start` runs them. */
  async function startServers() {
    const pg = await startEmbeddedPostgres({
      dataDir: join(dataDir, "postgres"),
      port: pgPort,
      database: "krisstod",
    });
    const nats = await startTestNatsServer({ port: natsPort, storeDir: join(dataDir, "nats") });
    const stop = async () => {
      await nats.stop();
      await pg.stop();
    };
    stops.push(stop);
    // The services' roles, as the launcher creates them (passwords kept beside the data).
    const roles = await provideServiceRoles({
      adminUrl: pg.url,
      secretsFile: join(dataDir, "postgres-roles.json"),
    });
    return { url: pg.url, roles, natsUrl: nats.url, harnessUrl: nats.harnessUrl, stop };
  }
  const envFor = (roles: Record<string, ServiceDatabaseUrls>, natsUrl: string): ServiceEnv => ({
    ...parseEnv(serviceEnv, {
      PORT: "0",
      DATABASE_URL: roles.reporting?.url,
      MIGRATION_DATABASE_URL: roles.reporting?.migrationUrl,
      NATS_URL: natsUrl,
      NATS_PASSWORD: inject("natsSecrets").servicePassword,
      LOG_LEVEL: "silent",
      DEMO_DATA: "true",
      OIDC_ISSUER: issuer.issuer,
      OIDC_JWKS_URL: issuer.jwksUrl,
      OIDC_AUDIENCE: issuer.audience,
    }),
    perService: Object.fromEntries(
      Object.entries(roles).map(([service, urls]) => [
        service,
        { DATABASE_URL: urls.url, MIGRATION_DATABASE_URL: urls.migrationUrl },
      ]),
    ),
  });
  /** What a user would miss after a bad restore. */
  async function snapshot(databaseUrl: string, natsUrl: string) {
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const nc = await connect(natsConnectOptions(natsUrl));
    try {
      const [row] = await sql<{ people: number; incidents: number; picture: number; feed: number }[]>`
        select (select count(*)::int from roster.people) as people,
               (select count(*)::int from activation.incidents) as incidents,
               (select count(*)::int from reporting.picture_incidents) as picture,
               (select count(*)::int from reporting.feed) as feed`;
      const info = await (await jetstreamManager(nc)).streams.info(subjects.eventStream("ks"));
      return { ...row, streamMessages: info.state.messages, lastSeq: info.state.last_seq };
    } finally {
      await sql.end();
      await nc.close();
    }
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "krisstod-backup-"));
    dataDir = join(work, "data");
    issuer = await startTestIssuer();
    [pgPort, natsPort] = await Promise.all([findFreePort(), findFreePort()]);
  });
  afterAll(async () => {
    for (const stop of stops) await stop().catch(() => {});
    await issuer?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("brings back the demo data, the incident, its picture and the event stream", async () => {
    const servers = await startServers();
    const env = envFor(servers.roles, servers.natsUrl);
    const services: RunningService[] = [
      await startService(rosterService, env),
      await startService(activationService, env),
      await startService(reportingService, env),
    ];
    const lead = `Bearer ${await issuer.mint(makePrincipal({ organisationId: "kommun-1380", countyCode: "13", roles: ["posom-lead"] }))}`;
    const observer = `Bearer ${await issuer.mint(makePrincipal({ organisationId: "lansstyrelsen-13", countyCode: "13", roles: ["county-observer"] }))}`;
    const created = await fetch(`${services[1]?.url}/incidents`, {
      method: "POST",
      headers: { Authorization: lead, "Content-Type": "application/json" },
      body: JSON.stringify(incidentBody({ title: "Före säkerhetskopian" })),
    });
    expect(created.status).toBe(201);
    const incident = Incident.parse(await created.json());
    const picture = async (url: string) =>
      RegionalPicture.parse(
        await (await fetch(`${url}/picture?county=13`, { headers: { Authorization: observer } })).json(),
      );
    await waitFor(async () =>
      (await picture(services[2]?.url ?? "")).incidents.some((i) => i.id === incident.id),
    );
    const before = await snapshot(servers.url, servers.harnessUrl);
    expect(before.people).toBeGreaterThan(50);
    expect(before.incidents).toBe(1);
    expect(before.streamMessages).toBeGreaterThan(0);
    for (const service of services) await service.stop();

    // While the servers run, the cold backup refuses.
    expect(run("backup", join(work, "refused"))).toMatchObject({ status: 1 });
    await servers.stop();

    let started = performance.now();
    const backup = run("backup", join(work, "backup"));
    const backupMs = performance.now() - started;
    expect(backup.output).toContain("backup complete");
    expect(backup.status).toBe(0);
    expect(readdirSync(join(work, "backup")).sort()).toEqual([
      "SHA256SUMS",
      "nats.tar.gz",
      "postgres.tar.gz",
    ]);

    expect(run("wipe", "--yes")).toMatchObject({ status: 0 });
    expect(existsSync(join(dataDir, "postgres"))).toBe(false);
    expect(existsSync(join(dataDir, "nats"))).toBe(false);

    started = performance.now();
    const restore = run("restore", join(work, "backup"));
    const restoreMs = performance.now() - started;
    expect(restore.output).toContain("restore complete");
    expect(restore.status).toBe(0);

    const again = await startServers();
    expect(await snapshot(again.url, again.harnessUrl)).toEqual(before);
    console.info(
      `restore drill (cold backup of npm start): backup in ${Math.round(backupMs)} ms, restore in ${Math.round(restoreMs)} ms, servers back after ${Math.round(performance.now() - started)} ms; ${JSON.stringify(before)}`,
    );
    const reporting = await startService(reportingService, envFor(again.roles, again.natsUrl));
    try {
      expect((await picture(reporting.url)).incidents.map((i) => i.title)).toContain("Före säkerhetskopian");
    } finally {
      await reporting.stop();
    }
  });
});
