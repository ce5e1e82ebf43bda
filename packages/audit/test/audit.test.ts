import { connectDatabase, type DatabaseHandle } from "@krisstod/db";
import { createTestNamespace, waitFor } from "@krisstod/testing";
import { pgSchema } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuditEntry,
  appendAudit,
  auditGuardSql,
  auditTables,
  installAuditGuard,
  listAuditTrail,
  sealAuditChain,
  startAuditSealer,
  verifyAuditChain,
} from "../src/index.ts";

const schema = pgSchema("centres_audit_test");
const tables = auditTables(schema);
let database: DatabaseHandle;
/** A second pool, as a second replica of the service would have. */
let replica: DatabaseHandle;

// The table as drizzle-kit generates it for a service using auditTables() (see a service's migrations).
const createTable = `
  create schema if not exists centres_audit_test;
  drop table if exists centres_audit_test.audit_log;
  create table centres_audit_test.audit_log (
    id bigint primary key generated always as identity, seq bigint, at timestamptz not null,
    actor_user_id text not null, actor_organisation_id text not null, action text not null,
    subject_kind text not null, subject_id text not null, subject_organisation_id text not null,
    incident_id uuid, reason text, prev_hash text, hash text,
    constraint audit_log_seq_key unique (seq),
    constraint audit_log_sealed_whole check ((seq is null) = (prev_hash is null) and (seq is null) = (hash is null)));
  create index audit_log_unsealed_idx on centres_audit_test.audit_log (id) where seq is null;`;

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

async function append(entries: AuditEntry | AuditEntry[], handle = database) {
  await handle.db.transaction((tx) => appendAudit(tx, tables, entries));
}
const seal = () => sealAuditChain(database.db, tables, { wait: true });
/** What someone with direct database access could do: get past the trigger, then edit. */
async function tamper(statement: string) {
  await database.sql.unsafe(`alter table centres_audit_test.audit_log disable trigger user;
    ${statement};
    alter table centres_audit_test.audit_log enable trigger user;`);
}
async function chain() {
  return database.sql<{ id: string; seq: string | null; subject: string }[]>`
    select id, seq, subject_id as subject from centres_audit_test.audit_log order by seq nulls last, id`;
}

beforeAll(async () => {
  const ns = await createTestNamespace();
  database = connectDatabase(ns.databaseUrl, { max: 6 });
  replica = connectDatabase(ns.databaseUrl, { max: 6 });
});
afterAll(async () => {
  await replica.close();
  await database.close();
});
beforeEach(async () => {
  await database.sql.unsafe(createTable);
  await installAuditGuard(database.db, tables);
});

describe("hash-chained audit trail", () => {
  it("an empty trail verifies", async () => {
    expect(await verifyAuditChain(database.db, tables)).toEqual({
      ok: true,
      rows: 0,
      head: null,
      unsealed: 0,
    });
  });

  it("shows a row as soon as the access commits, and chains it when sealed", async () => {
    await append(read("v-1"));
    await append([read("v-2"), read("v-3")]);
    const before = await listAuditTrail(database.db, tables, { organisationId: "kommun-1380" });
    expect(before.map((r) => r.subjectId)).toEqual(["v-3", "v-2", "v-1"]);
    expect(before.every((r) => r.seq === null && r.hash === null)).toBe(true);
    expect(await verifyAuditChain(database.db, tables)).toEqual({
      ok: true,
      rows: 0,
      head: null,
      unsealed: 3,
    });

    expect(await seal()).toBe(3);
    const verdict = await verifyAuditChain(database.db, tables, { batchSize: 2 });
    expect(verdict).toMatchObject({ ok: true, rows: 3, head: { seq: 3 }, unsealed: 0 });
    const rows = await listAuditTrail(database.db, tables, { organisationId: "kommun-1380" });
    expect(rows.map((r) => [r.subjectId, r.seq])).toEqual([
      ["v-3", 3],
      ["v-2", 2],
      ["v-1", 1],
    ]);
    expect(rows[0]?.prevHash).toBe(rows[1]?.hash);
    expect(rows[2]?.prevHash).toBe("0".repeat(64));
    expect(await seal()).toBe(0);
  });

  it("pages the admin's view by insertion id", async () => {
    await append([read("v-1"), read("v-2"), read("v-3")]);
    const [newest] = await listAuditTrail(database.db, tables, { organisationId: "kommun-1380", limit: 1 });
    expect(newest?.subjectId).toBe("v-3");
    const older = await listAuditTrail(database.db, tables, {
      organisationId: "kommun-1380",
      beforeId: newest?.id ?? 0,
    });
    expect(older.map((r) => r.subjectId)).toEqual(["v-2", "v-1"]);
  });

  it("concurrent appenders with sealers running on two replicas give one contiguous verified chain", async () => {
    const sealers = [
      startAuditSealer({ db: database.db, tables, intervalMs: 5, batchSize: 7 }),
      startAuditSealer({ db: replica.db, tables, intervalMs: 5, batchSize: 7 }),
    ];
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          append(
            Array.from({ length: 1 + (i % 3) }, (_, j) => read(`v-${i}-${j}`)),
            i % 2 ? replica : database,
          ),
        ),
      );
      await waitFor(async () => (await chain()).every((r) => r.seq !== null));
    } finally {
      await Promise.all(sealers.map((s) => s.stop()));
    }
    const rows = await chain();
    const appended = Array.from({ length: 40 }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);
    expect(rows).toHaveLength(appended);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: appended }, (_, i) => i + 1));
    // Sealed in insertion order: within one access (its rows share the prefix) ids rise with seq.
    const byAccess = new Map<string, number[]>();
    for (const r of rows) {
      const access = r.subject.split("-").slice(0, 2).join("-");
      byAccess.set(access, [...(byAccess.get(access) ?? []), Number(r.id)]);
    }
    for (const ids of byAccess.values()) expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(await verifyAuditChain(database.db, tables)).toMatchObject({
      ok: true,
      rows: appended,
      unsealed: 0,
    });
  });

  it("a second sealer working at the same time seals nothing twice", async () => {
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => append(read(`r${round}-v${i}`))));
      const counts = await Promise.all([
        sealAuditChain(database.db, tables, { batchSize: 3 }),
        sealAuditChain(replica.db, tables, { batchSize: 3 }),
        sealAuditChain(replica.db, tables, { batchSize: 3, wait: true }),
      ]);
      // Every row sealed exactly once: the sealed counts add up to the rows appended.
      expect(counts.reduce((a, b) => a + b, 0)).toBe(10);
    }
    expect(await verifyAuditChain(database.db, tables)).toMatchObject({ ok: true, rows: 50, unsealed: 0 });
  });

  it("a check running while the sealer seals counts every row, sealed or not", async () => {
    await append(Array.from({ length: 300 }, (_, i) => read(`v${i}`)));
    let sealed = false;
    const sealing = sealAuditChain(replica.db, tables, { batchSize: 1, wait: true }).then(() => {
      sealed = true;
    });
    // Each verdict sees one moment: a row the sealer seals during the walk is in one count or the other.
    const verdicts = [];
    while (!sealed) verdicts.push(await verifyAuditChain(database.db, tables, { batchSize: 20 }));
    await sealing;
    expect(verdicts.length).toBeGreaterThan(1);
    for (const verdict of verdicts) {
      expect(verdict.ok).toBe(true);
      if (verdict.ok) expect(verdict.rows + verdict.unsealed).toBe(300);
    }
  });

  it("a rolled-back read leaves no row and no gap in the chain", async () => {
    await append(read("v-1"));
    await database.db
      .transaction(async (tx) => {
        await appendAudit(tx, tables, read("v-2"));
        throw new Error("the read failed");
      })
      .catch(() => {});
    await append(read("v-3"));
    await seal();
    expect(await verifyAuditChain(database.db, tables)).toMatchObject({
      ok: true,
      rows: 2,
      head: { seq: 2 },
    });
  });

  it("a stopped sealer seals no more", async () => {
    const sealer = startAuditSealer({ db: database.db, tables, intervalMs: 5 });
    await append(read("v-1"));
    await waitFor(async () => (await chain())[0]?.seq === "1");
    await sealer.stop();
    await append(read("v-2"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await verifyAuditChain(database.db, tables)).toMatchObject({ ok: true, rows: 1, unsealed: 1 });
  });

  it("detects a changed row", async () => {
    await append([read("v-1"), read("v-2"), read("v-3")]);
    await seal();
    await tamper(`update centres_audit_test.audit_log set actor_user_id = 'someone-else' where seq = 2`);
    expect(await verifyAuditChain(database.db, tables)).toEqual({
      ok: false,
      brokenAt: 2,
      problem: "changed",
    });
  });

  it("detects a changed row whose hash was recomputed (the next row no longer links)", async () => {
    await append([read("v-1"), read("v-2"), read("v-3")]);
    await seal();
    await tamper(
      `update centres_audit_test.audit_log set reason = 'x', hash = 'f' || substr(hash, 2) where seq = 2`,
    );
    const verdict = await verifyAuditChain(database.db, tables);
    expect(verdict.ok).toBe(false);
  });

  it("detects a deleted row", async () => {
    await append([read("v-1"), read("v-2"), read("v-3")]);
    await seal();
    await tamper(`delete from centres_audit_test.audit_log where seq = 2`);
    expect(await verifyAuditChain(database.db, tables)).toEqual({
      ok: false,
      brokenAt: 2,
      problem: "removed",
    });
  });

  it("detects a deleted row whose successors were renumbered", async () => {
    await append([read("v-1"), read("v-2"), read("v-3")]);
    await seal();
    await tamper(`delete from centres_audit_test.audit_log where seq = 2;
      update centres_audit_test.audit_log set seq = 2 where seq = 3`);
    expect(await verifyAuditChain(database.db, tables)).toEqual({
      ok: false,
      brokenAt: 2,
      problem: "relinked",
    });
  });

  it("refuses DELETE, TRUNCATE and every UPDATE but sealing", async () => {
    await append(read("v-1"));
    await seal();
    await append(read("v-2"));
    const table = "centres_audit_test.audit_log";
    // A sealed row's content, its chain position, its hashes; unsealing it.
    for (const change of [
      `reason = 'x'`,
      `subject_id = 'v-9'`,
      `seq = 7`,
      `hash = repeat('f', 64)`,
      `seq = null, prev_hash = null, hash = null`,
    ]) {
      await expect(database.sql.unsafe(`update ${table} set ${change} where seq = 1`)).rejects.toThrow(
        /append-only: UPDATE/,
      );
    }
    // An unsealed row's content, even together with sealing it.
    await expect(database.sql.unsafe(`update ${table} set reason = 'x' where seq is null`)).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(
      database.sql.unsafe(
        `update ${table} set seq = 2, prev_hash = 'a', hash = 'b', at = now() where seq is null`,
      ),
    ).rejects.toThrow(/append-only: UPDATE/);
    await expect(database.sql.unsafe(`delete from ${table}`)).rejects.toThrow(/append-only: DELETE/);
    await expect(database.sql.unsafe(`truncate ${table}`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await seal()).toBe(1);
    expect(await verifyAuditChain(database.db, tables)).toMatchObject({ ok: true, rows: 2, unsealed: 0 });
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
