import { connectDatabase, type DatabaseHandle } from "@krisstod/db";
import { createTestNamespace } from "@krisstod/testing";
import { pgSchema } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuditEntry,
  appendAudit,
  auditGuardSql,
  auditTables,
  installAuditGuard,
  listAuditTrail,
  verifyAuditChain,
} from "../src/index.ts";

const schema = pgSchema("centres_audit_test");
const tables = auditTables(schema);
let database: DatabaseHandle;

// The table as drizzle-kit would generate it for a service using auditTables().
const createTable = `
  create schema if not exists centres_audit_test;
  drop table if exists centres_audit_test.audit_log;
  create table centres_audit_test.audit_log (
    seq bigint primary key, at timestamptz not null, actor_user_id text not null,
    actor_organisation_id text not null, action text not null, subject_kind text not null,
    subject_id text not null, subject_organisation_id text not null, incident_id uuid, reason text,
    prev_hash text not null, hash text not null);`;

const incidentId = "0198A000-0000-7000-8000-0000000000AA";
function read(visitor: string, organisationId = "kommun-1380"): AuditEntry {
  return {
    actor: { userId: "kommun-1380.centre-staff", organisationId: "kommun-1380" },
    action: "read",
    subject: { kind: "visitor", id: visitor, organisationId },
    incidentId,
    reason: "återförening med anhöriga",
  };
}

async function append(entries: AuditEntry | AuditEntry[]) {
  return database.db.transaction((tx) => appendAudit(tx, tables, entries));
}
/** What someone with direct database access could do: get past the trigger, then edit. */
async function tamper(statement: string) {
  await database.sql.unsafe(`alter table centres_audit_test.audit_log disable trigger user;
    ${statement};
    alter table centres_audit_test.audit_log enable trigger user;`);
}

beforeAll(async () => {
  const ns = await createTestNamespace();
  database = connectDatabase(ns.databaseUrl, { max: 6 });
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.sql.unsafe(createTable);
  await installAuditGuard(database.db, tables);
});

describe("hash-chained audit trail", () => {
  it("an empty trail verifies", async () => {
    expect(await verifyAuditChain(database.db, tables)).toEqual({ ok: true, rows: 0, head: null });
  });

  it("appends one row per record read, linked by hashes, and verifies", async () => {
    await append(read("v-1"));
    await append([read("v-2"), read("v-3")]);
    const verdict = await verifyAuditChain(database.db, tables, { batchSize: 2 });
    expect(verdict).toMatchObject({ ok: true, rows: 3, head: { seq: 3 } });
    const rows = await listAuditTrail(database.db, tables, { organisationId: "kommun-1380" });
    expect(rows.map((r) => r.subjectId)).toEqual(["v-3", "v-2", "v-1"]);
    expect(rows[0]?.prevHash).toBe(rows[1]?.hash);
    expect(rows[2]?.prevHash).toBe("0".repeat(64));
  });

  it("stays linear under concurrent appenders", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => append(read(`v-${i}`))));
    expect(await verifyAuditChain(database.db, tables)).toMatchObject({ ok: true, rows: 20 });
  });

  it("a rolled-back read leaves no row and no gap", async () => {
    await append(read("v-1"));
    await database.db
      .transaction(async (tx) => {
        await appendAudit(tx, tables, read("v-2"));
        throw new Error("the read failed");
      })
      .catch(() => {});
    await append(read("v-3"));
    expect(await verifyAuditChain(database.db, tables)).toMatchObject({
      ok: true,
      rows: 2,
      head: { seq: 2 },
    });
  });

  it("detects a changed row", async () => {
    await append([read("v-1"), read("v-2"), read("v-3")]);
    await tamper(`update centres_audit_test.audit_log set actor_user_id = 'someone-else' where seq = 2`);
    expect(await verifyAuditChain(database.db, tables)).toEqual({
      ok: false,
      brokenAt: 2,
      problem: "changed",
    });
  });

  it("detects a changed row whose hash was recomputed (the next row no longer links)", async () => {
    await append([read("v-1"), read("v-2"), read("v-3")]);
    await tamper(
      `update centres_audit_test.audit_log set reason = 'x', hash = 'f' || substr(hash, 2) where seq = 2`,
    );
    const verdict = await verifyAuditChain(database.db, tables);
    expect(verdict.ok).toBe(false);
  });

  it("detects a deleted row", async () => {
    await append([read("v-1"), read("v-2"), read("v-3")]);
    await tamper(`delete from centres_audit_test.audit_log where seq = 2`);
    expect(await verifyAuditChain(database.db, tables)).toEqual({
      ok: false,
      brokenAt: 2,
      problem: "removed",
    });
  });

  it("detects a deleted row whose successors were renumbered", async () => {
    await append([read("v-1"), read("v-2"), read("v-3")]);
    await tamper(`delete from centres_audit_test.audit_log where seq = 2;
      update centres_audit_test.audit_log set seq = 2 where seq = 3`);
    expect(await verifyAuditChain(database.db, tables)).toEqual({
      ok: false,
      brokenAt: 2,
      problem: "relinked",
    });
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    await append(read("v-1"));
    await expect(database.sql.unsafe(`update centres_audit_test.audit_log set reason = 'x'`)).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(database.sql.unsafe(`delete from centres_audit_test.audit_log`)).rejects.toThrow(
      /append-only: DELETE/,
    );
    await expect(database.sql.unsafe(`truncate centres_audit_test.audit_log`)).rejects.toThrow(
      /append-only: TRUNCATE/,
    );
    expect(await verifyAuditChain(database.db, tables)).toMatchObject({ ok: true, rows: 1 });
  });

  it("an organisation's admin sees its own records' rows, not another organisation's", async () => {
    await append([read("v-1", "kommun-1380")]);
    await database.db.transaction((tx) =>
      appendAudit(tx, tables, {
        actor: { userId: "region-13.pkl-lead", organisationId: "region-13" },
        action: "read",
        subject: { kind: "visitor", id: "v-9", organisationId: "region-13" },
      }),
    );
    const region = await listAuditTrail(database.db, tables, { organisationId: "region-13" });
    expect(region.map((r) => r.subjectId)).toEqual(["v-9"]);
    const halmstad = await listAuditTrail(database.db, tables, { organisationId: "kommun-1380" });
    expect(halmstad.map((r) => r.subjectId)).toEqual(["v-1"]);
  });

  it("gives the guard as a migration snippet with drizzle breakpoints", () => {
    const snippet = auditGuardSql(tables);
    expect(snippet.split("--> statement-breakpoint")).toHaveLength(3);
    expect(snippet).toContain(`"centres_audit_test"."audit_log"`);
  });
});
