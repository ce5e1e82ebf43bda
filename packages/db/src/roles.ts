import { readFileSync } from "node:fs";
import { SERVICE_NAMES, serviceSchema } from "@krisstod/contracts";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { DatabaseHandle, Transaction } from "./index.ts";

/**
 * Least privilege in PostgreSQL. Each service has two login roles:
 * - its **migrator** (`ks_<service>_migrator`) owns the service's schema and its migrations
 *   bookkeeping schema, applies the migrations at start and grants the service its rights;
 * - its **service role** (`ks_<service>`) is what the running service uses: SELECT, INSERT, UPDATE
 *   and DELETE on its own tables, USAGE on its sequences, nothing on other schemas, no DDL. On the
 *   audit trail only SELECT and INSERT; sealing goes through a function of the migrator's.
 *
 * An administrator (a superuser, or whoever set the cluster up) only creates the roles and lets the
 * migrators create schemas in the database (`provisionServiceRoles`); no running service uses it.
 */
export interface ServiceRoles {
  /** The service's name, e.g. `support-centres`. */
  readonly service: string;
  /** Its schema (`support_centres`); migrations bookkeeping lives in `<schema>_migrations`. */
  readonly schema: string;
  /** The role the running service logs in as. */
  readonly role: string;
  /** The role that owns the schema and runs the migrations. */
  readonly migratorRole: string;
}

/** The services that keep data in PostgreSQL, each in its own schema. */
// Every service does (@krisstod/contracts SERVICES).
export const DATABASE_SERVICES = SERVICE_NAMES;

export function serviceRoles(service: string): ServiceRoles {
  const id = serviceSchema(service);
  return { service, schema: id, role: `ks_${id}`, migratorRole: `ks_${id}_migrator` };
}

export interface RolePasswords {
  readonly role: string;
  readonly migratorRole: string;
}

export interface ProvisionOptions {
  /** A URL of an administrator (superuser, or a role with CREATEROLE) on the server. */
  adminUrl: string;
  /** The application database (exists already). */
  database: string;
  /** Per service, the passwords its two roles log in with. */
  passwords: (service: string) => RolePasswords;
  services?: readonly string[];
}

/**
 * Creates (or updates) every service's two roles and lets them into `database`, running
 * `sql/provision-service-roles.sql` (the same script docker compose and Kubernetes run) once per
 * service: CONNECT for both roles, CREATE (schemas) for the migrator only, no TEMPORARY, nothing in
 * `public`; a schema that exists already but belongs to another role (a database from before the
 * roles, or restored by an administrator) is handed to the migrator with everything in it.
 *
 * Idempotent and safe to run concurrently: roles are cluster-wide, so parallel test files (each with
 * its own database) may provision at the same time; a role someone else created first is taken as
 * it is, then its password set, and a collision on a role's row is retried.
 */
export async function provisionServiceRoles(options: ProvisionOptions): Promise<void> {
  const script = readFileSync(new URL("../sql/provision-service-roles.sql", import.meta.url), "utf8");
  const url = new URL(options.adminUrl);
  url.pathname = `/${encodeURIComponent(options.database)}`;
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    for (const roles of (options.services ?? DATABASE_SERVICES).map(serviceRoles)) {
      const passwords = options.passwords(roles.service);
      await withRetry(() =>
        admin.begin(async (tx) => {
          await tx`select pg_advisory_xact_lock(hashtext('krisstod:provision-roles'))`;
          await tx`select set_config('krisstod.schema', ${roles.schema}, true),
                          set_config('krisstod.role', ${roles.role}, true),
                          set_config('krisstod.migrator_role', ${roles.migratorRole}, true),
                          set_config('krisstod.role_password', ${passwords.role}, true),
                          set_config('krisstod.migrator_password', ${passwords.migratorRole}, true)`;
          await tx.unsafe(script);
        }),
      );
    }
  } finally {
    await admin.end();
  }
}

/**
 * Run by the migrator after the migrations: gives the service role (the role `DATABASE_URL` logs in
 * as) use of the schema and DML on its tables, now and — through default privileges — on every table
 * and sequence later migrations create. Nothing else: no CREATE on the schema, no TRUNCATE,
 * REFERENCES or TRIGGER, so the service can change data but not the schema.
 */
export async function grantServiceAccess(
  migrator: DatabaseHandle,
  options: {
    schema: string;
    serviceRole: string;
    /** Narrows rights further in the same transaction, so no other session sees the wider grant. */
    restrict?: (tx: Transaction) => Promise<void>;
  },
): Promise<void> {
  const schema = ident(options.schema);
  const role = ident(options.serviceRole);
  await migrator.db.transaction(async (tx) => {
    for (const statement of [
      `grant usage on schema ${schema} to ${role}`,
      `alter default privileges in schema ${schema} grant select, insert, update, delete on tables to ${role}`,
      `alter default privileges in schema ${schema} grant usage on sequences to ${role}`,
      `grant select, insert, update, delete on all tables in schema ${schema} to ${role}`,
      `grant usage on all sequences in schema ${schema} to ${role}`,
    ]) {
      await tx.execute(sql.raw(statement));
    }
    await options.restrict?.(tx);
  });
}

/** Who a connection is logged in as. */
export async function currentRole(handle: DatabaseHandle): Promise<string> {
  const [row] = await handle.sql<{ role: string }[]>`select current_user as role`;
  if (!row) throw new Error("select current_user returned nothing");
  return row.role;
}

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Two ALTER ROLEs at once from different admin databases can still collide on the role's row. */
async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= 5 || !/tuple concurrently (updated|deleted)/.test(message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
