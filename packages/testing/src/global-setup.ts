import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort, startEmbeddedPostgres } from "@krisstod/local-infra";
import type { TestProject } from "vitest/node";
import { newTestNatsSecrets, startAuthorisedNatsServer, type TestNatsSecrets } from "./nats.ts";
import "./provided.ts";

/**
 * Gives every test file a real PostgreSQL and a real NATS. PostgreSQL: the server named by
 * DATABASE_URL when set, otherwise an embedded one. NATS: always a nats-server child started here
 * (NATS_URL is not used), because it must run with the authorization this run generates: every
 * test talks to NATS as production does, each service as its own user with only its permissions
 * (see nats.ts). It needs nats-server 2.10+ (NATS_SERVER_BIN, then PATH). Several projects share
 * one run; the first setup starts the servers and records them in the environment so the others
 * reuse them.
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
  if (!process.env.KS_TEST_NATS_URL || !process.env.KS_TEST_NATS_SECRETS) {
    const dir = mkdtempSync(join(tmpdir(), "krisstod-test-nats-"));
    const secrets = newTestNatsSecrets();
    const nats = await startAuthorisedNatsServer({ port: await findFreePort(), storeDir: dir, secrets });
    process.env.KS_TEST_NATS_URL = nats.harnessUrl;
    process.env.KS_TEST_NATS_SECRETS = JSON.stringify(secrets);
    stops.push(async () => {
      await nats.stop();
      rmSync(dir, { recursive: true, force: true });
    });
  }
  project.provide("databaseUrl", process.env.KS_TEST_DATABASE_URL);
  project.provide("natsUrl", process.env.KS_TEST_NATS_URL);
  project.provide("natsSecrets", JSON.parse(process.env.KS_TEST_NATS_SECRETS) as TestNatsSecrets);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
