import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort, startEmbeddedPostgres, startNatsServer } from "@krisstod/local-infra";
import { processTreeCpuMs } from "./processes.ts";
import { startStatementStats, statementStatsSettings, writeStatementStats } from "./statements.ts";
import { startWaitSampling } from "./waits.ts";

/** The servers a run measures: the configured ones, or embedded ones like the test setup's. */
export async function benchServers(): Promise<{
  databaseAdminUrl: string;
  natsUrl: string;
  /** The services' NATS password when NATS_URL is a server with authorization (the test harness's). */
  natsServicePassword?: string;
  /** CPU ms PostgreSQL has used so far (the embedded server only: the postmaster and its backends). */
  databaseCpuMs(): number | undefined;
  stop(): Promise<void>;
}> {
  const stops: (() => Promise<void>)[] = [];
  const dir = mkdtempSync(join(tmpdir(), "krisstod-bench-"));
  let databaseAdminUrl = process.env.DATABASE_URL;
  let databaseCpuMs = (): number | undefined => undefined;
  if (!databaseAdminUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: join(dir, "pg"),
      port: await findFreePort(),
      database: "bench",
      settings: statementStatsSettings(),
    });
    databaseAdminUrl = pg.url;
    await startStatementStats(pg.url);
    // postmaster.pid's first line is the postmaster's process id.
    const postmaster = Number(readFileSync(join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
    databaseCpuMs = () => processTreeCpuMs(postmaster);
    stops.push(() => pg.stop());
  }
  stops.push(startWaitSampling(databaseAdminUrl));
  let natsUrl = process.env.NATS_URL;
  if (!natsUrl) {
    const nats = await startNatsServer({ port: await findFreePort(), storeDir: join(dir, "nats") });
    natsUrl = nats.url;
    stops.push(() => nats.stop());
  }
  const natsServicePassword = process.env.NATS_URL ? process.env.BENCH_NATS_SERVICE_PASSWORD : undefined;
  return {
    databaseAdminUrl,
    natsUrl,
    ...(natsServicePassword ? { natsServicePassword } : {}),
    databaseCpuMs: () => databaseCpuMs(),
    stop: async () => {
      if (!process.env.DATABASE_URL) await writeStatementStats(databaseAdminUrl);
      for (const stop of stops.reverse()) await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
