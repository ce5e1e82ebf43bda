import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export type Database = PostgresJsDatabase<Record<string, never>>;
/** A transaction handle; state changes and their outbox events are written through one. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Sql = postgres.Sql;

export interface DatabaseHandle {
  readonly sql: Sql;
  readonly db: Database;
  close(): Promise<void>;
}

export function connectDatabase(url: string, options: { max?: number } = {}): DatabaseHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Keep UTC end to end; timestamptz values come back as Date.
    connection: { TimeZone: "UTC" },
  });
  const db = drizzle(sql) as Database;
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}

/**
 * Applies a service's checked-in drizzle-kit migrations. The bookkeeping table lives in its own
 * schema (`<service>_migrations`): drizzle's migrator fails when it equals the service schema.
 */
export async function applyMigrations(
  handle: DatabaseHandle,
  options: { migrationsFolder: string; migrationsSchema: string },
): Promise<void> {
  // Serialise concurrent starts of several replicas of one service: a session lock held on a
  // reserved connection while the migrator runs on the pool.
  const lockConnection = await handle.sql.reserve();
  try {
    await lockConnection`select pg_advisory_lock(hashtext(${options.migrationsSchema}))`;
    await migrate(handle.db, {
      migrationsFolder: options.migrationsFolder,
      migrationsSchema: options.migrationsSchema,
    });
  } finally {
    await lockConnection`select pg_advisory_unlock(hashtext(${options.migrationsSchema}))`;
    lockConnection.release();
  }
}

export async function checkDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.sql`select 1`;
}
