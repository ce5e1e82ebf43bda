// docker compose's one-shot `db-roles` (infra/postgres/provision-roles.sh), run with psql against a
// fresh database of the test server as compose runs it against its PostgreSQL: afterwards a service
// migrates as its migrator and runs as its own role, which cannot change the schema.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DATABASE_SERVICES, serviceRoles } from "@krisstod/db";
import { createRosterService } from "@krisstod/roster";
import { startService } from "@krisstod/runtime";
import { createTestNamespace, testPasswords, uniqueToken } from "@krisstod/testing";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support.ts";

const hasPsql = spawnSync("psql", ["--version"]).status === 0;

describe("docker compose's db-roles", () => {
  it.skipIf(!hasPsql)("creates the roles a service then migrates and runs as", async () => {
    const ns = await createTestNamespace();
    const database = `t_compose_${uniqueToken()}`;
    const adminUrl = new URL(ns.databaseUrl);
    const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await admin`create database ${admin(database)}`;
    try {
      // The roles are the cluster's, shared with every test: the test passwords, not new ones.
      const passwords = Object.fromEntries(
        DATABASE_SERVICES.flatMap((service) => {
          const variable = service.toUpperCase().replace("-", "_");
          const secret = testPasswords(service);
          return [
            [`${variable}_DB_PASSWORD`, secret.role],
            [`${variable}_MIGRATOR_DB_PASSWORD`, secret.migratorRole],
          ];
        }),
      );
      const run = spawnSync("bash", [join(repoRoot, "infra/postgres/provision-roles.sh")], {
        encoding: "utf8",
        env: {
          PATH: process.env.PATH ?? "",
          PGHOST: adminUrl.hostname,
          PGPORT: adminUrl.port || "5432",
          PGUSER: decodeURIComponent(adminUrl.username),
          PGPASSWORD: decodeURIComponent(adminUrl.password),
          PGDATABASE: database,
          PROVISION_SQL: join(repoRoot, "packages/db/sql/provision-service-roles.sql"),
          ...passwords,
        },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("db-roles: ks_reporting and ks_reporting_migrator ready");

      const login = (user: string, password: string) => {
        const url = new URL(adminUrl.toString());
        url.pathname = `/${database}`;
        url.username = user;
        url.password = password;
        return url.toString();
      };
      const roles = serviceRoles("roster");
      const secret = testPasswords("roster");
      const roster = await startService(
        createRosterService(),
        ns.envFor("roster", {
          DATABASE_URL: login(roles.role, secret.role),
          MIGRATION_DATABASE_URL: login(roles.migratorRole, secret.migratorRole),
        }),
      );
      try {
        const inDatabase = postgres(login(roles.role, secret.role), { max: 1, onnotice: () => {} });
        try {
          const [schema] = await inDatabase<{ owner: string }[]>`
            select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = 'roster'`;
          expect(schema?.owner).toBe("ks_roster_migrator");
          const [people] = await inDatabase<{ n: number }[]>`select count(*)::int as n from roster.people`;
          expect(people?.n).toBe(0);
          await expect(inDatabase`create table roster.scratch (id int)`).rejects.toThrow(/permission denied/);
        } finally {
          await inDatabase.end();
        }
      } finally {
        await roster.stop();
      }
    } finally {
      await admin`drop database if exists ${admin(database)} with (force)`;
      await admin.end();
    }
  });
});
