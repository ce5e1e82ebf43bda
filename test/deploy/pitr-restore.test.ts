// The point-in-time recovery drill, as CloudNativePG does it with barman (docs/operations.md,
// "Restore drills"), on the embedded PostgreSQL: WAL archived to a folder, an online base backup,
// incidents written, a mistake (the incidents table emptied), the server lost — and a new data
// directory recovered to the moment before the mistake. What was committed before the target is
// back; what came after, including the mistake, is not. The figures it prints are the drill's
// recovery time (docs/operations.md, "Recovery targets").
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { activationService } from "@krisstod/activation";
import { natsConnectOptions } from "@krisstod/bus";
import type { ServiceEnv } from "@krisstod/config";
import { Incident } from "@krisstod/contracts";
import {
  archiveCurrentWal,
  archivingSettings,
  createArchiveFolder,
  type EmbeddedPostgresHandle,
  findFreePort,
  prepareRecovery,
  serverTime,
  startEmbeddedPostgres,
  takeBaseBackup,
} from "@krisstod/local-infra";
import { type RunningService, startService } from "@krisstod/runtime";
import { createNamespace, type Namespace } from "@krisstod/testing/namespace";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { halmstadLead, incidentBody, postJson } from "../e2e/support.ts";

/** The same environment with every database URL moved to another port (the recovered server). */
function onPort(env: ServiceEnv, from: number, to: number): ServiceEnv {
  const move = (url: string | undefined) => url?.replace(`:${from}/`, `:${to}/`);
  return {
    ...env,
    perService: Object.fromEntries(
      Object.entries(env.perService ?? {}).map(([service, urls]) => [
        service,
        { DATABASE_URL: move(urls.DATABASE_URL), MIGRATION_DATABASE_URL: move(urls.MIGRATION_DATABASE_URL) },
      ]),
    ),
  };
}

/** The namespace's streams (its database went with the servers). */
async function dropStreams(ns: Namespace): Promise<void> {
  await ns.issuer.close().catch(() => {});
  const nc = await connect(natsConnectOptions(ns.natsUrl));
  const jsm = await jetstreamManager(nc);
  for (const stream of await jsm.streams.names().next()) {
    if (stream.startsWith(ns.natsNamespace.toUpperCase())) await jsm.streams.delete(stream).catch(() => {});
  }
  await nc.close();
}

describe("point-in-time recovery of PostgreSQL from a base backup and the WAL archive", () => {
  const work = mkdtempSync(join(tmpdir(), "krisstod-pitr-"));
  const servers: EmbeddedPostgresHandle[] = [];
  const services: RunningService[] = [];
  let ns: Namespace | undefined;
  afterAll(async () => {
    for (const service of services) await service.stop().catch(() => {});
    for (const server of servers) await server.stop().catch(() => {});
    if (ns) await dropStreams(ns);
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it("brings back every incident committed before the target time and nothing after it", async () => {
    const archive = createArchiveFolder(join(work, "wal-archive"));
    const dataDir = join(work, "data");
    const [port, recoveredPort] = [await findFreePort(), await findFreePort()];
    const pg = await startEmbeddedPostgres({
      dataDir,
      port,
      database: "drill",
      settings: archivingSettings(archive),
    });
    servers.push(pg);
    ns = await createNamespace(pg.adminUrl, inject("natsUrl"), inject("natsSecrets").servicePassword);
    const env = ns.serviceEnv();
    const lead = await ns.headers(halmstadLead);
    const first = await startService(activationService, env);
    services.push(first);
    const create = async (url: string, title: string) => {
      const response = await postJson(`${url}/incidents`, incidentBody({ title }), lead);
      expect(response.status).toBe(201);
      return Incident.parse(await response.json());
    };
    await create(first.url, "Före säkerhetskopian");

    // The nightly base backup, taken online while the service runs.
    let started = performance.now();
    const backup = await takeBaseBackup(pg.adminUrl, dataDir, join(work, "base-backup"));
    const backupMs = performance.now() - started;

    await create(first.url, "Efter säkerhetskopian");
    const target = await serverTime(pg.adminUrl);
    await create(first.url, "Efter målpunkten");
    await first.stop();
    // The mistake the restore undoes, then the last WAL segment archived and the server lost.
    const admin = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    await admin`truncate activation.incidents cascade`;
    await admin.end();
    const lastSegment = await archiveCurrentWal(pg.adminUrl);
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });

    // Recovery: the base backup replays the archive up to the target, then promotes itself.
    started = performance.now();
    prepareRecovery(backup.dir, { archiveDir: archive, targetTime: target });
    const recovered = await startEmbeddedPostgres({
      dataDir: backup.dir,
      port: recoveredPort,
      database: "drill",
      // A recovered server must never archive into the path of the one it replaces.
      settings: { archive_mode: "off" },
    });
    servers.push(recovered);
    const recoveryMs = performance.now() - started;
    const second = await startService(activationService, onPort(env, port, recoveredPort));
    services.push(second);
    const readyMs = performance.now() - started;

    const listed = await fetch(`${second.url}/incidents`, { headers: lead });
    expect(listed.status).toBe(200);
    const titles = Incident.array()
      .parse(await listed.json())
      .map((incident) => incident.title)
      .sort();
    expect(titles).toEqual(["Efter säkerhetskopian", "Före säkerhetskopian"]);
    // The bound docs/operations.md ("Restore drills") states for this drill.
    expect(recoveryMs).toBeLessThan(60_000);

    console.info(
      `restore drill (PostgreSQL PITR): base backup ${(backup.bytes / 1e6).toFixed(1)} MB in ${Math.round(backupMs)} ms; ` +
        `WAL replayed to ${target} (archive up to ${lastSegment}); recovered and promoted in ${Math.round(recoveryMs)} ms; ` +
        `activation serving the recovered database after ${Math.round(readyMs)} ms`,
    );
  }, 120_000);
});
