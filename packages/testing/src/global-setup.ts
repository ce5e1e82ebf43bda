import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort, startEmbeddedPostgres, startNatsServer } from "@krisstod/local-infra";
import type { TestProject } from "vitest/node";
import "./provided.ts";

/**
 * Gives every test file a real PostgreSQL and a real NATS: the servers named by DATABASE_URL and
 * NATS_URL when set, otherwise an embedded PostgreSQL and a nats-server child started here once
 * for the whole run. Several projects share one run; the first setup starts the servers and
 * records them in the environment so the others reuse them.
 */
export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  if (!process.env.KS_TEST_DATABASE_URL) {
    if (process.env.DATABASE_URL) {
      process.env.KS_TEST_DATABASE_URL = process.env.DATABASE_URL;
    } else {
      const dir = mkdtempSync(join(tmpdir(), "krisstod-test-pg-"));
      const pg = await startEmbeddedPostgres({
        dataDir: join(dir, "data"),
        port: await findFreePort(),
        database: "krisstod_test",
      });
      process.env.KS_TEST_DATABASE_URL = pg.url;
      stops.push(async () => {
        await pg.stop();
        rmSync(dir, { recursive: true, force: true });
      });
    }
  }
  if (!process.env.KS_TEST_NATS_URL) {
    if (process.env.NATS_URL) {
      process.env.KS_TEST_NATS_URL = process.env.NATS_URL;
    } else {
      const dir = mkdtempSync(join(tmpdir(), "krisstod-test-nats-"));
      const nats = await startNatsServer({ port: await findFreePort(), storeDir: dir });
      process.env.KS_TEST_NATS_URL = nats.url;
      stops.push(async () => {
        await nats.stop();
        rmSync(dir, { recursive: true, force: true });
      });
    }
  }
  project.provide("databaseUrl", process.env.KS_TEST_DATABASE_URL);
  project.provide("natsUrl", process.env.KS_TEST_NATS_URL);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
