import { createHash } from "node:crypto";
import type { Database, Transaction } from "@krisstod/db";
import { and, asc, desc, eq, gt, lt, or, sql } from "drizzle-orm";
import { bigint, getTableConfig, index, type PgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The audit trail of personal-data access that a service keeps in its own schema: append-only
 * (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained (each row's hash covers the
 * previous row's hash and its own content), so a changed or removed row is detectable even by
 * someone who could get past the trigger.
 *
 * Rule for callers: one read of a record gives exactly one audit row. A handler that returns N
 * visitors appends N entries (one call with an array), in the transaction that reads them, and a
 * record that is not returned is not audited.
 */
export function auditTables(schema: PgSchema<string>) {
  const auditLog = schema.table(
    "audit_log",
    {
      // Assigned by appendAudit as previous + 1 under a lock, not a sequence: sequences leave gaps on
      // rollback, and a gap must mean a removed row.
      seq: bigint("seq", { mode: "number" }).primaryKey(),
      at: timestamp("at", { withTimezone: true }).notNull(),
      actorUserId: text("actor_user_id").notNull(),
      actorOrganisationId: text("actor_organisation_id").notNull(),
      action: text("action").$type<AuditAction>().notNull(),
      subjectKind: text("subject_kind").notNull(),
      subjectId: text("subject_id").notNull(),
      /** Whose record it is: the organisation whose admin reviews this row. */
      subjectOrganisationId: text("subject_organisation_id").notNull(),
      incidentId: uuid("incident_id"),
      reason: text("reason"),
      prevHash: text("prev_hash").notNull(),
      hash: text("hash").notNull(),
    },
    (t) => [
      index("audit_log_subject_org_idx").on(t.subjectOrganisationId, t.seq),
      index("audit_log_actor_org_idx").on(t.actorOrganisationId, t.seq),
    ],
  );
  return { auditLog };
}
export type AuditTables = ReturnType<typeof auditTables>;
export type AuditRow = AuditTables["auditLog"]["$inferSelect"];

export type AuditAction = "read" | "write" | "search" | "export";

export interface AuditEntry {
  actor: { userId: string; organisationId: string };
  action: AuditAction;
  subject: { kind: string; id: string; organisationId: string };
  incidentId?: string | null;
  /** Why, when the caller knows it (e.g. "reunite relatives", "follow-up call"). */
  reason?: string | null;
}

/** The prev_hash of the first row. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * Appends entries to the chain inside the caller's transaction (the one that reads or writes the
 * personal data, so the audit row exists exactly when the access happened). A transaction-level
 * advisory lock makes concurrent appenders take turns, so the chain stays linear; it is released
 * at commit or rollback.
 */
export async function appendAudit(
  tx: Transaction,
  tables: AuditTables,
  entries: AuditEntry | readonly AuditEntry[],
): Promise<AuditRow[]> {
  const list: readonly AuditEntry[] = isList(entries) ? entries : [entries];
  if (list.length === 0) return [];
  const t = tables.auditLog;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey(tables)}))`);
  const [last] = await tx.select({ seq: t.seq, hash: t.hash }).from(t).orderBy(desc(t.seq)).limit(1);
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date();
  const rows: AuditRow[] = list.map((entry) => {
    seq += 1;
    const content: Omit<AuditRow, "hash" | "prevHash"> = {
      seq,
      at,
      actorUserId: entry.actor.userId,
      actorOrganisationId: entry.actor.organisationId,
      action: entry.action,
      subjectKind: entry.subject.kind,
      subjectId: entry.subject.id,
      subjectOrganisationId: entry.subject.organisationId,
      // PostgreSQL returns uuids lower-case; hash what will be read back.
      incidentId: entry.incidentId?.toLowerCase() ?? null,
      reason: entry.reason ?? null,
    };
    const row = { ...content, prevHash, hash: rowHash(prevHash, content) };
    prevHash = row.hash;
    return row;
  });
  await tx.insert(t).values(rows);
  return rows;
}

/** sha256(prev_hash ‖ canonical row): the row as a fixed-order JSON array, so field order never varies. */
export function rowHash(prevHash: string, row: Omit<AuditRow, "hash" | "prevHash">): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at.toISOString(),
    row.actorUserId,
    row.actorOrganisationId,
    row.action,
    row.subjectKind,
    row.subjectId,
    row.subjectOrganisationId,
    row.incidentId,
    row.reason,
  ]);
  return createHash("sha256").update(prevHash).update("\n").update(canonical).digest("hex");
}

export type ChainVerdict =
  | { ok: true; rows: number; head: { seq: number; hash: string } | null }
  | { ok: false; brokenAt: number; problem: "changed" | "removed" | "relinked" };

/**
 * Walks the chain from the first row. `changed`: a row's content no longer matches its hash;
 * `removed`: a seq is missing; `relinked`: a row's prev_hash is not the previous row's hash.
 *
 * Removing the newest rows leaves a shorter chain that still verifies: compare `head` with a copy
 * kept elsewhere (e.g. published periodically) to catch that.
 */
export async function verifyAuditChain(
  db: Database | Transaction,
  tables: AuditTables,
  options: { batchSize?: number } = {},
): Promise<ChainVerdict> {
  const t = tables.auditLog;
  const batchSize = options.batchSize ?? 1_000;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(t)
      .where(gt(t.seq, expectedSeq - 1))
      .orderBy(asc(t.seq))
      .limit(batchSize);
    for (const row of batch) {
      if (row.seq !== expectedSeq) return { ok: false, brokenAt: expectedSeq, problem: "removed" };
      if (row.prevHash !== prevHash) return { ok: false, brokenAt: row.seq, problem: "relinked" };
      const { hash, prevHash: _, ...content } = row;
      if (rowHash(prevHash, content) !== hash) return { ok: false, brokenAt: row.seq, problem: "changed" };
      prevHash = hash;
      expectedSeq += 1;
      count += 1;
    }
    if (batch.length < batchSize) break;
  }
  return { ok: true, rows: count, head: count > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null };
}

/**
 * An organisation admin's view: rows about that organisation's records or by its staff, newest first,
 * paged by `beforeSeq`.
 */
export function listAuditTrail(
  db: Database | Transaction,
  tables: AuditTables,
  query: { organisationId: string; beforeSeq?: number; limit?: number },
): Promise<AuditRow[]> {
  const t = tables.auditLog;
  const mine = or(
    eq(t.subjectOrganisationId, query.organisationId),
    eq(t.actorOrganisationId, query.organisationId),
  );
  return db
    .select()
    .from(t)
    .where(query.beforeSeq === undefined ? mine : and(mine, lt(t.seq, query.beforeSeq)))
    .orderBy(desc(t.seq))
    .limit(Math.min(query.limit ?? 100, 1_000));
}

/**
 * The SQL that makes the table append-only. Add it to the service's migrations once
 * (`drizzle-kit generate --custom --name audit_guard`, paste the returned text) or run it at start
 * with `installAuditGuard`. Statements are separated by drizzle's breakpoint marker.
 *
 * The table's owner can still disable a trigger; the hash chain is what makes that visible. Run
 * services as a role that does not own the table where that matters.
 */
export function auditGuardSql(tables: AuditTables): string {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  const table = `"${schema}"."${name}"`;
  const fn = `"${schema}"."${name}_refuse_change"`;
  return [
    `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;`,
    `CREATE OR REPLACE TRIGGER "${name}_append_only" BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}();`,
    `CREATE OR REPLACE TRIGGER "${name}_no_truncate" BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`,
  ].join("\n--> statement-breakpoint\n");
}

/** Runs `auditGuardSql` (idempotent). */
export async function installAuditGuard(db: Database, tables: AuditTables): Promise<void> {
  for (const statement of auditGuardSql(tables).split("--> statement-breakpoint")) {
    await db.execute(sql.raw(statement));
  }
}

function isList(entries: AuditEntry | readonly AuditEntry[]): entries is readonly AuditEntry[] {
  return Array.isArray(entries);
}

function lockKey(tables: AuditTables): string {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  return `audit:${schema}.${name}`;
}
