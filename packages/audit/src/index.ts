import { createHash } from "node:crypto";
import type { Database, Transaction } from "@krisstod/db";
import { and, asc, count, desc, eq, gt, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import {
  bigint,
  check,
  getTableConfig,
  index,
  type PgSchema,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * The audit trail of personal-data access that a service keeps in its own schema: append-only
 * (a trigger refuses DELETE, TRUNCATE and every UPDATE but sealing) and hash-chained (each row's hash
 * covers the previous row's hash and its own content), so a changed or removed row is detectable even
 * by someone who could get past the trigger.
 *
 * Two steps, so that requests never wait for each other on the chain:
 * - `appendAudit` inserts the rows in the caller's transaction (the row exists exactly when the
 *   access happened), unsealed: an insertion `id` from a sequence, no `seq`, `prev_hash` or `hash`.
 * - A sealer (`startAuditSealer`, run by every service's runtime; `sealAuditChain` once) gives the
 *   committed unsealed rows, in insertion order, the next chain positions 1, 2, 3… and their hashes,
 *   shortly after commit. Only one sealer works at a time, so a gap in `seq` still means a removed row.
 *
 * Rule for callers: one read of a record gives exactly one audit row. A handler that returns N
 * visitors appends N entries (one call with an array), in the transaction that reads them, and a
 * record that is not returned is not audited.
 */
export function auditTables(schema: PgSchema<string>) {
  const auditLog = schema.table(
    "audit_log",
    {
      /** Insertion order (a sequence: gaps on rollback are allowed here, it is not the chain). */
      id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
      /**
       * Chain position, null until sealed. Given by the one sealer as previous + 1, never by a
       * sequence, so it has no gaps: a gap means a removed row.
       */
      seq: bigint("seq", { mode: "number" }),
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
      /** Null until sealed, like `hash`. */
      prevHash: text("prev_hash"),
      hash: text("hash"),
    },
    (t) => [
      unique("audit_log_seq_key").on(t.seq),
      check(
        "audit_log_sealed_whole",
        sql`(${t.seq} is null) = (${t.prevHash} is null) and (${t.seq} is null) = (${t.hash} is null)`,
      ),
      index("audit_log_subject_org_idx").on(t.subjectOrganisationId, t.id),
      index("audit_log_actor_org_idx").on(t.actorOrganisationId, t.id),
      index("audit_log_unsealed_idx").on(t.id).where(sql`${t.seq} is null`),
    ],
  );
  return { auditLog };
}
export type AuditTables = ReturnType<typeof auditTables>;
export type AuditRow = AuditTables["auditLog"]["$inferSelect"];
/** A row with its chain position and hashes. */
export type SealedAuditRow = AuditRow & { seq: number; prevHash: string; hash: string };

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
 * Appends entries inside the caller's transaction (the one that reads or writes the personal data,
 * so the audit row exists exactly when the access happened, and not at all if it rolls back): one
 * multi-row INSERT, no lock and no read of the chain, so concurrent requests do not wait for each
 * other. The rows are sealed into the chain shortly after commit (see `startAuditSealer`).
 */
export async function appendAudit(
  tx: Transaction,
  tables: AuditTables,
  entries: AuditEntry | readonly AuditEntry[],
): Promise<void> {
  const list: readonly AuditEntry[] = isList(entries) ? entries : [entries];
  if (list.length === 0) return;
  const at = new Date();
  await tx.insert(tables.auditLog).values(
    list.map((entry) => ({
      at,
      actorUserId: entry.actor.userId,
      actorOrganisationId: entry.actor.organisationId,
      action: entry.action,
      subjectKind: entry.subject.kind,
      subjectId: entry.subject.id,
      subjectOrganisationId: entry.subject.organisationId,
      incidentId: entry.incidentId ?? null,
      reason: entry.reason ?? null,
    })),
  );
}

type HashedContent = Omit<SealedAuditRow, "id" | "hash" | "prevHash">;

/**
 * sha256(prev_hash ‖ canonical row): the row as a fixed-order JSON array, so field order never
 * varies. Covers the chain position and the content, not the insertion id.
 */
export function rowHash(prevHash: string, row: HashedContent): string {
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

export interface SealOptions {
  /** Rows sealed per transaction (default 1,000). */
  batchSize?: number;
  /**
   * Wait for a sealer that is busy (another replica) instead of leaving the work to it, and seal
   * until no committed row is left unsealed. Tests use it to look at the chain right after a request.
   */
  wait?: boolean;
}

/**
 * Seals committed unsealed rows into the chain, in insertion order, one batch per transaction, and
 * returns how many it sealed. Each batch holds the chain's transaction-level advisory lock, taken
 * with `pg_try_advisory_xact_lock`: while another sealer holds it this one seals nothing and
 * returns 0 (unless `wait`), so two sealers never give out the same position and a row is never
 * sealed twice (the UPDATE also only touches rows still unsealed, and the trigger refuses any other).
 */
export async function sealAuditChain(
  db: Database,
  tables: AuditTables,
  options: SealOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 1_000;
  let sealed = 0;
  for (;;) {
    const n = await db.transaction((tx) => sealBatch(tx, tables, batchSize, options.wait === true));
    if (n === null) return sealed;
    sealed += n;
    if (n < batchSize) return sealed;
  }
}

/** null: another sealer holds the lock. */
async function sealBatch(
  tx: Transaction,
  tables: AuditTables,
  batchSize: number,
  wait: boolean,
): Promise<number | null> {
  const t = tables.auditLog;
  const key = lockKey(tables);
  if (wait) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
  } else {
    const [lock] = await tx.execute<{ locked: boolean }>(
      sql`select pg_try_advisory_xact_lock(hashtext(${key})) as locked`,
    );
    if (!lock?.locked) return null;
  }
  // Read after the lock: every earlier sealer's work is committed and visible (read committed).
  const pending = await tx.select().from(t).where(isNull(t.seq)).orderBy(asc(t.id)).limit(batchSize);
  if (pending.length === 0) return 0;
  const [head] = await tx
    .select({ seq: t.seq, hash: t.hash })
    .from(t)
    .where(isNotNull(t.seq))
    .orderBy(desc(t.seq))
    .limit(1);
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const ids: number[] = [];
  const seqs: number[] = [];
  const prevHashes: string[] = [];
  const hashes: string[] = [];
  for (const row of pending) {
    seq += 1;
    const { id, seq: _, prevHash: __, hash: ___, ...content } = row;
    const hash = rowHash(prevHash, { ...content, seq });
    ids.push(id);
    seqs.push(seq);
    prevHashes.push(prevHash);
    hashes.push(hash);
    prevHash = hash;
  }
  // Hex digests and integers only, so plain array literals are safe.
  const updated = await tx.execute(sql`
    update ${t} set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
    from unnest(${`{${ids.join(",")}}`}::bigint[], ${`{${seqs.join(",")}}`}::bigint[],
                ${`{${prevHashes.join(",")}}`}::text[], ${`{${hashes.join(",")}}`}::text[])
      as v(id, seq, prev_hash, hash)
    where ${t.id} = v.id and ${t.seq} is null`);
  if (updated.count !== pending.length) {
    // Cannot happen while every sealer takes the lock; roll back rather than leave a gap.
    throw new Error(`audit sealing: ${updated.count} of ${pending.length} rows were still unsealed`);
  }
  return pending.length;
}

export interface AuditSealer {
  /** Seals what is committed now, without waiting for the next tick (resolves when done). */
  sealNow(): Promise<number>;
  /** Stops the loop after the batch in progress. */
  stop(): Promise<void>;
}

export interface AuditSealerOptions {
  db: Database;
  tables: AuditTables;
  /** Pause between looks for unsealed rows while there are none (default 150 ms). */
  intervalMs?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

/**
 * Seals a service's audit rows in the background: looks for unsealed rows every `intervalMs` (an
 * index-only probe of a partial index, no transaction while there are none), seals them batch by
 * batch, and goes on at once while batches come back full. Every replica runs one; the advisory lock
 * lets one seal at a time. It polls rather than listens for NOTIFY: a notifying transaction takes a
 * database-wide lock at commit, which would put back the serialisation the split removed.
 */
export function startAuditSealer(options: AuditSealerOptions): AuditSealer {
  const { db, tables } = options;
  const t = tables.auditLog;
  const intervalMs = options.intervalMs ?? 150;
  let running = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<number> = Promise.resolve(0);
  // After a failure (database away) the next look waits longer, up to 5 s.
  let backoffMs = 0;

  const pass = async (): Promise<number> => {
    const [any] = await db.select({ id: t.id }).from(t).where(isNull(t.seq)).limit(1);
    if (!any) return 0;
    return sealAuditChain(db, tables, options.batchSize ? { batchSize: options.batchSize } : {});
  };
  const run = (): Promise<number> => {
    current = current.then(pass).then(
      (sealed) => {
        backoffMs = 0;
        return sealed;
      },
      (error: unknown) => {
        backoffMs = Math.min(5_000, Math.max(intervalMs, backoffMs * 2));
        options.onError?.(error);
        return 0;
      },
    );
    return current;
  };
  const schedule = () => {
    if (!running) return;
    timer = setTimeout(tick, backoffMs || intervalMs);
    timer.unref?.();
  };
  const tick = () => {
    timer = undefined;
    if (running) void run().then(schedule);
  };
  schedule();

  return {
    sealNow: run,
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

export interface ChainVerdictOk {
  ok: true;
  /** Sealed rows verified. */
  rows: number;
  head: { seq: number; hash: string } | null;
  /** Rows appended but not yet sealed (not covered by the hashes yet). */
  unsealed: number;
}
export type ChainVerdict =
  | ChainVerdictOk
  | { ok: false; brokenAt: number; problem: "changed" | "removed" | "relinked" };

/**
 * Walks the sealed chain from the first row. `changed`: a row's content no longer matches its hash;
 * `removed`: a seq is missing; `relinked`: a row's prev_hash is not the previous row's hash. Rows not
 * yet sealed are counted in `unsealed` (seal first with `sealAuditChain(db, tables, { wait: true })`
 * to have every committed row verified).
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
  let rows = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(t)
      .where(gt(t.seq, expectedSeq - 1))
      .orderBy(asc(t.seq))
      .limit(batchSize);
    for (const row of batch) {
      if (row.seq !== expectedSeq) return { ok: false, brokenAt: expectedSeq, problem: "removed" };
      if (row.prevHash !== prevHash) return { ok: false, brokenAt: expectedSeq, problem: "relinked" };
      const { id: _, hash, prevHash: __, ...content } = row;
      if (rowHash(prevHash, { ...content, seq: expectedSeq }) !== hash) {
        return { ok: false, brokenAt: expectedSeq, problem: "changed" };
      }
      prevHash = hash;
      expectedSeq += 1;
      rows += 1;
    }
    if (batch.length < batchSize) break;
  }
  const [pending] = await db.select({ n: count() }).from(t).where(isNull(t.seq));
  return {
    ok: true,
    rows,
    head: rows > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null,
    unsealed: pending?.n ?? 0,
  };
}

/**
 * An organisation admin's view: rows about that organisation's records or by its staff, newest first
 * (insertion order, so a row shows as soon as its transaction commits, sealed or not), paged by
 * `beforeId`.
 */
export function listAuditTrail(
  db: Database | Transaction,
  tables: AuditTables,
  query: { organisationId: string; beforeId?: number; limit?: number },
): Promise<AuditRow[]> {
  const t = tables.auditLog;
  const mine = or(
    eq(t.subjectOrganisationId, query.organisationId),
    eq(t.actorOrganisationId, query.organisationId),
  );
  return db
    .select()
    .from(t)
    .where(query.beforeId === undefined ? mine : and(mine, lt(t.id, query.beforeId)))
    .orderBy(desc(t.id))
    .limit(Math.min(query.limit ?? 100, 1_000));
}

/**
 * The SQL that makes the table append-only. Add it to the service's migrations (drizzle-kit does not
 * model triggers: paste the returned text into the generated migration) or run it at start with
 * `installAuditGuard`. Statements are separated by drizzle's breakpoint marker.
 *
 * DELETE and TRUNCATE are refused; UPDATE only when it seals an unsealed row (seq, prev_hash and hash
 * go from null to set) and changes nothing else, so a sealed row can never be changed.
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
  -- The one change allowed: sealing, i.e. giving an unsealed row its chain position and hashes.
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
     AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
     AND to_jsonb(NEW) - ARRAY['seq', 'prev_hash', 'hash'] = to_jsonb(OLD) - ARRAY['seq', 'prev_hash', 'hash'] THEN
    RETURN NEW;
  END IF;
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
