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
export const DATABASE_SERVICES = ["roster", "activation", "support-centres", "reporting"] as const;

export function serviceRoles(service: string): ServiceRoles {
  const id = service.replace(/-/g, "_");
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
 * Creates (or updates) every service's two roles and lets them into `database`. Idempotent and safe
 * to run concurrently: roles are cluster-wide, so parallel test files (each with its own database)
 * and replicas of the launcher may provision at the same time; role changes are serialised by an
 * advisory lock and a role someone else created first is taken as it is, then its password set.
 *
 * In the database: CONNECT for both roles, CREATE (schemas) for the migrator only, no TEMPORARY and
 * nothing in `public` for anyone but the owner. A schema that exists already but belongs to
 * another role (a database from before the roles existed, or restored by an administrator) is
 * handed to the service's migrator with everything in it.
 */
export async function provisionServiceRoles(options: ProvisionOptions): Promise<void> {
  const services = (options.services ?? DATABASE_SERVICES).map(serviceRoles);
  const admin = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await withRetry(() =>
      admin.begin(async (tx) => {
        // Transaction-level lock of the admin database: role rows are shared by every database.
        await tx`select pg_advisory_xact_lock(hashtext('krisstod:provision-roles'))`;
        for (const roles of services) {
          const passwords = options.passwords(roles.service);
          for (const [role, password] of [
            [roles.migratorRole, passwords.migratorRole],
            [roles.role, passwords.role],
          ] as const) {
            await tx.unsafe(`do $$ begin
              create role ${ident(role)} login;
            exception when duplicate_object or unique_violation then null;
            end $$`);
            await tx.unsafe(
              `alter role ${ident(role)} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${literal(password)}`,
            );
          }
        }
        const db = ident(options.database);
        await tx.unsafe(`revoke connect, temporary on database ${db} from public`);
        for (const roles of services) {
          await tx.unsafe(
            `grant connect on database ${db} to ${ident(roles.role)}, ${ident(roles.migratorRole)}`,
          );
          await tx.unsafe(`grant create on database ${db} to ${ident(roles.migratorRole)}`);
        }
      }),
    );
  } finally {
    await admin.end();
  }
  const url = new URL(options.adminUrl);
  url.pathname = `/${encodeURIComponent(options.database)}`;
  const inDatabase = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await inDatabase.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('krisstod:adopt-schemas'))`;
      // PostgreSQL before 15 lets everyone create tables in public.
      await tx.unsafe("revoke create on schema public from public");
      for (const roles of services) {
        for (const schema of [roles.schema, `${roles.schema}_migrations`]) {
          await tx.unsafe(adoptSchemaSql(schema, roles.migratorRole));
        }
      }
    });
  } finally {
    await inDatabase.end();
  }
}

/**
 * Hands an existing schema and every object in it to `owner` (no-op when it is owned already or
 * does not exist). Sequences that belong to a table follow their table.
 */
function adoptSchemaSql(schema: string, owner: string): string {
  return `do $$
declare
  target oid := (select oid from pg_roles where rolname = ${literal(owner)});
  ns oid := (select oid from pg_namespace where nspname = ${literal(schema)});
  item record;
begin
  if ns is null then return; end if;
  if (select nspowner from pg_namespace where oid = ns) <> target then
    execute format('alter schema %I owner to %I', ${literal(schema)}, ${literal(owner)});
  end if;
  for item in
    select c.oid, c.relkind from pg_class c
    where c.relnamespace = ns and c.relowner <> target and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
      and not (c.relkind = 'S' and exists (
        select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
          and d.deptype in ('a', 'i')))
  loop
    execute format('alter %s %s owner to %I',
      case item.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
        when 'f' then 'foreign table' else 'table' end,
      item.oid::regclass, ${literal(owner)});
  end loop;
  for item in select p.oid from pg_proc p where p.pronamespace = ns and p.proowner <> target loop
    execute format('alter routine %s owner to %I', item.oid::regprocedure, ${literal(owner)});
  end loop;
  for item in
    select t.oid from pg_type t
    where t.typnamespace = ns and t.typowner <> target and t.typtype in ('e', 'd', 'c', 'r')
      and not exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind <> 'c')
  loop
    execute format('alter type %s owner to %I', item.oid::regtype, ${literal(owner)});
  end loop;
end $$`;
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

/** A quoted SQL string literal (standard_conforming_strings is on by default since 9.1). */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
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
