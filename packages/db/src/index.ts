import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export type Database = PostgresJsDatabase<Record<string, never>>;
/** A transaction handle; state changes and their outbox events are written through one. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Sql = postgres.Sql;

export {
  currentRole,
  DATABASE_SERVICES,
  grantServiceAccess,
  ident,
  type ProvisionOptions,
  provisionServiceRoles,
  type RolePasswords,
  type ServiceRoles,
  serviceRoles,
} from "./roles.ts";

export interface DatabaseHandle {
  readonly sql: Sql;
  readonly db: Database;
  /**
   * One connection of its own, outside the pool, kept for as long as the caller holds it (no
   * lifetime limit): for a session that holds an advisory lock. The caller ends it. Reserving one
   * of the pool's connections instead is unsafe when the database restarts (postgres.js: a
   * reservation waiting for a connection that is ended is never answered, porsager/postgres#1195).
   */
  openSession(): Sql;
  close(): Promise<void>;
}

export function connectDatabase(url: string, options: { max?: number } = {}): DatabaseHandle {
  const settings = {
    onnotice: () => {},
    // Keep UTC end to end; timestamptz values come back as Date.
    connection: { TimeZone: "UTC" },
  };
  const sql = postgres(url, { ...settings, max: options.max ?? 10 });
  const db = drizzle(sql) as Database;
  return {
    sql,
    db,
    openSession: () => postgres(url, { ...settings, max: 1, max_lifetime: null, idle_timeout: 0 }),
    close: () => sql.end({ timeout: 5 }),
  };
}

/**
 * Applies a service's checked-in drizzle-kit migrations. The bookkeeping table lives in its own
 * schema (`<service>_migrations`): drizzle's migrator fails when it equals the service schema.
 */
export async function applyMigrations(
  handle: DatabaseHandle,
  options: {
    migrationsFolder: string;
    migrationsSchema: string;
    /** Run after the migrations, still under the lock (grants, functions replaced at start). */
    afterwards?: () => Promise<void>;
  },
): Promise<void> {
  // Several replicas of one service may start at once: one migrates, the others wait.
  await withSessionLock(handle, options.migrationsSchema, async () => {
    await migrate(handle.db, {
      migrationsFolder: options.migrationsFolder,
      migrationsSchema: options.migrationsSchema,
    });
    await options.afterwards?.();
  });
}

/**
 * How many of the checked-in migrations the database has not applied yet (drizzle's bookkeeping:
 * the newest applied migration's timestamp against the files'). The service's own role reads the
 * bookkeeping table (granted by the migrator, `grantMigrationsRead`); a database never migrated
 * counts every migration as pending.
 */
export async function pendingMigrations(
  handle: DatabaseHandle,
  options: { migrationsFolder: string; migrationsSchema: string },
): Promise<number> {
  const files = readMigrationFiles({ migrationsFolder: options.migrationsFolder });
  const [table] = await handle.sql<{ present: boolean }[]>`
    select to_regclass(${`${options.migrationsSchema}.__drizzle_migrations`}) is not null as present`;
  if (!table?.present) return files.length;
  const [last] = await handle.sql<{ at: string | null }[]>`
    select max(created_at)::text as at from ${handle.sql(options.migrationsSchema)}.__drizzle_migrations`;
  const appliedUntil = Number(last?.at ?? 0);
  return files.filter((file) => file.folderMillis > appliedUntil).length;
}

/** Lets `role` read the migrations bookkeeping, so a service can check it is up to date. */
export async function grantMigrationsRead(handle: DatabaseHandle, migrationsSchema: string, role: string) {
  const schema = handle.sql(migrationsSchema);
  await handle.sql`grant usage on schema ${schema} to ${handle.sql(role)}`;
  await handle.sql`grant select on ${schema}.__drizzle_migrations to ${handle.sql(role)}`;
}

/**
 * Runs `work` while holding a PostgreSQL advisory lock named `key`, held in a session of its own
 * (`openSession`) so the work itself can use the pool. Serialises start-up steps (migrations, demo
 * data) across replicas of a service. Ending the session frees the lock.
 */
export async function withSessionLock<T>(
  handle: DatabaseHandle,
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  const session = handle.openSession();
  try {
    await session`select pg_advisory_lock(hashtext(${key}))`;
    return await work();
  } finally {
    await session.end({ timeout: 5 });
  }
}

export async function checkDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.sql`select 1`;
}
export { insertJsonRows, jsonRowsInsert, jsonRowsStatement } from "./json-rows.ts";
export { executePrepared, type SqlClient } from "./prepared.ts";
