import { activationService } from "@krisstod/activation";
import { serviceRoles } from "@krisstod/db";
import { reportingService } from "@krisstod/reporting";
import { createRosterService } from "@krisstod/roster";
import { type RunningService, type ServiceDefinition, startService } from "@krisstod/runtime";
import { createSupportCentresService } from "@krisstod/support-centres";
import {
  createTestNamespace,
  provisionTestRoles,
  type TestNamespace,
  uniqueToken,
  waitFor,
} from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Least privilege in PostgreSQL, with the four services started as they always are (each applies
 * its migrations as its migrator, then runs as its own role): what someone holding one service's
 * database credentials could try, all refused by PostgreSQL itself.
 */
const definitions: ServiceDefinition[] = [
  createRosterService(),
  activationService,
  createSupportCentresService(),
  reportingService,
];
const services = definitions.map((definition) => serviceRoles(definition.name));

describe("database roles", () => {
  let ns: TestNamespace;
  let admin: postgres.Sql;
  const running: RunningService[] = [];
  /** A connection per service as the service's own role, the one its DATABASE_URL names. */
  const asService = new Map<string, postgres.Sql>();

  beforeAll(async () => {
    ns = await createTestNamespace();
    admin = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    for (const definition of definitions) running.push(await startService(definition, ns.serviceEnv()));
    for (const { service } of services) {
      asService.set(service, postgres(ns.databaseUrls(service).url, { max: 1, onnotice: () => {} }));
    }
  });
  afterAll(async () => {
    for (const sql of asService.values()) await sql.end();
    for (const service of running.reverse()) await service.stop();
    await admin?.end();
  });

  const as = (service: string) => {
    const sql = asService.get(service);
    if (!sql) throw new Error(`no connection for ${service}`);
    return sql;
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => "allowed",
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );

  it("the running services are logged in as their own roles, and no migrator stays connected", async () => {
    const rows = await admin<{ usename: string }[]>`
      select distinct usename from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and usename like 'ks\\_%'`;
    expect(rows.map((r) => r.usename).sort()).toEqual(services.map((s) => s.role).sort());
  });

  it("no service can read another service's tables", async () => {
    const tables = await admin<{ schema: string; name: string }[]>`
      select schemaname as schema, tablename as name from pg_tables
      where schemaname = any(${services.flatMap((s) => [s.schema, `${s.schema}_migrations`])})`;
    expect(tables.some((t) => t.schema === "support_centres" && t.name === "visitor_personal_data")).toBe(
      true,
    );
    for (const { service, schema } of services) {
      // Its own migrations bookkeeping is the service's to read (a replica started with
      // MIGRATIONS=verify checks the release is migrated), never to write: see the next test.
      const foreign = tables.filter((t) => t.schema !== schema && t.schema !== `${schema}_migrations`);
      expect(foreign.length).toBeGreaterThan(20);
      for (const table of foreign) {
        const outcome = await failure(
          as(service).unsafe(`select * from "${table.schema}"."${table.name}" limit 1`),
        );
        expect(outcome, `${service} reading ${table.schema}.${table.name}`).toMatch(
          /permission denied for schema/,
        );
      }
    }
  });

  it("a service reads its own migrations bookkeeping but cannot change it", async () => {
    for (const { service, schema } of services) {
      const bookkeeping = `"${schema}_migrations".__drizzle_migrations`;
      const [row] = await as(service).unsafe<{ applied: number }[]>(
        `select count(*)::int as applied from ${bookkeeping}`,
      );
      expect(row?.applied, `${service} reading its migrations`).toBeGreaterThan(0);
      for (const statement of [
        `delete from ${bookkeeping}`,
        `insert into ${bookkeeping} (hash, created_at) values ('forged', 0)`,
      ]) {
        expect(await failure(as(service).unsafe(statement)), `${service}: ${statement}`).toMatch(
          /permission denied/,
        );
      }
    }
  });

  it("no service can update a row of its own audit trail", async () => {
    for (const { service, schema } of services) {
      await as(service).unsafe(`insert into "${schema}".audit_log
        (at, actor_user_id, actor_organisation_id, action, subject_kind, subject_id, subject_organisation_id)
        values (now(), 'kommun-1380.posom-lead', 'kommun-1380', 'read', 'person', 'p-1', 'kommun-1380')`);
      expect(
        await failure(as(service).unsafe(`update "${schema}".audit_log set reason = 'x'`)),
        service,
      ).toMatch(/permission denied for table audit_log/);
    }
  });

  it("no service can delete from its own audit trail", async () => {
    for (const { service, schema } of services) {
      expect(await failure(as(service).unsafe(`delete from "${schema}".audit_log`)), service).toMatch(
        /permission denied for table audit_log/,
      );
    }
  });

  it("no service can truncate its own audit trail", async () => {
    for (const { service, schema } of services) {
      expect(await failure(as(service).unsafe(`truncate "${schema}".audit_log`)), service).toMatch(
        /permission denied for table audit_log/,
      );
    }
  });

  it("no service can switch off its audit trail's append-only trigger", async () => {
    for (const { service, schema } of services) {
      for (const statement of [
        `alter table "${schema}".audit_log disable trigger user`,
        `alter table "${schema}".audit_log disable trigger audit_log_append_only`,
      ]) {
        expect(await failure(as(service).unsafe(statement)), `${service}: ${statement}`).toMatch(
          /must be owner of table audit_log/,
        );
      }
    }
  });

  it("no service can change its schema (no DDL)", async () => {
    for (const { service, schema } of services) {
      for (const [statement, refusal] of [
        [`create table "${schema}".scratch (id int)`, /permission denied for schema/],
        [`drop table "${schema}".outbox`, /must be owner of table outbox/],
        [`create schema scratch_${schema}`, /permission denied for database/],
        ["create table public.scratch (id int)", /permission denied for schema public/],
        ["create temporary table scratch (id int)", /permission denied to create temporary tables/],
      ] as const) {
        expect(await failure(as(service).unsafe(statement)), `${service}: ${statement}`).toMatch(refusal);
      }
    }
  });

  it("each service still appends to its audit trail and its sealer chains the rows", async () => {
    for (const { service, schema } of services) {
      const rows = await as(service).unsafe<{ sealed: boolean }[]>(
        `select seq is not null as sealed from "${schema}".audit_log`,
      );
      expect(rows.length, service).toBeGreaterThan(0);
    }
    // The rows appended above were sealed by each service's sealer, through the sealing function.
    await waitFor(async () => {
      for (const { schema } of services) {
        const [row] = await admin.unsafe<{ n: number }[]>(
          `select count(*)::int as n from "${schema}".audit_log where seq is null`,
        );
        if (row?.n !== 0) return false;
      }
      return true;
    });
  });

  it("takes over a database from before the roles: the administrator's schema goes to the migrator", async () => {
    const legacy = `t_legacy_${uniqueToken()}`;
    await admin`create database ${admin(legacy)}`;
    const legacyAdmin = new URL(ns.databaseUrl);
    legacyAdmin.pathname = `/${legacy}`;
    const inLegacy = postgres(legacyAdmin.toString(), { max: 1, onnotice: () => {} });
    try {
      // As it was: the service migrated and ran as the administrator, which owns everything.
      const before = await startService(
        createRosterService(),
        ns.envFor("roster", {
          DATABASE_URL: legacyAdmin.toString(),
          MIGRATION_DATABASE_URL: legacyAdmin.toString(),
          DEMO_DATA: true,
        }),
      );
      await before.stop();
      const owners = () =>
        inLegacy<{ owner: string }[]>`
          select distinct pg_get_userbyid(relowner) as owner from pg_class
          where relnamespace in ('roster'::regnamespace, 'roster_migrations'::regnamespace)
          union select pg_get_userbyid(nspowner) from pg_namespace where nspname like 'roster%'`;
      expect((await owners()).map((r) => r.owner)).not.toContain("ks_roster_migrator");

      const urls = (await provisionTestRoles(ns.databaseUrl, legacy))("roster");
      const after = await startService(
        createRosterService(),
        ns.envFor("roster", { DATABASE_URL: urls.url, MIGRATION_DATABASE_URL: urls.migrationUrl }),
      );
      try {
        expect((await owners()).map((r) => r.owner)).toEqual(["ks_roster_migrator"]);
        const asRoster = postgres(urls.url, { max: 1, onnotice: () => {} });
        try {
          const [people] = await asRoster<{ n: number }[]>`select count(*)::int as n from roster.people`;
          expect(people?.n).toBeGreaterThan(50);
          expect(await failure(asRoster`update roster.audit_log set reason = 'x'`)).toMatch(
            /permission denied/,
          );
        } finally {
          await asRoster.end();
        }
      } finally {
        await after.stop();
      }
    } finally {
      await inLegacy.end();
      await admin`drop database if exists ${admin(legacy)} with (force)`;
    }
  });
});
