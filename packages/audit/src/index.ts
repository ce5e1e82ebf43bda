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
 * sealed twice (the sealing function also only touches rows still unsealed, and the trigger refuses
 * any other change). Needs the sealing function (`auditSealSql`, installed by the runtime at start).
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
  // The service role may not UPDATE the trail: the migrator's sealing function writes the chain
  // positions, after checking they continue the chain (see auditSealSql). Hex digests and integers
  // only, so plain array literals are safe.
  await tx.execute(sql`select ${sql.raw(sealFunction(tables))}(
    ${`{${ids.join(",")}}`}::bigint[], ${`{${seqs.join(",")}}`}::bigint[],
    ${`{${prevHashes.join(",")}}`}::text[], ${`{${hashes.join(",")}}`}::text[])`);
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
 * Audit rows not yet sealed into the chain and how long the oldest has waited: near zero while the
 * sealer works (a request's row is sealed within about a second), growing when it fails.
 */
export async function unsealedBacklog(
  db: Database,
  tables: AuditTables,
): Promise<{ rows: number; oldestAgeSeconds: number }> {
  const t = tables.auditLog;
  // The partial index on unsealed rows keeps this cheap however long the trail.
  const [row] = await db
    .select({
      rows: count(),
      age: sql<number | null>`extract(epoch from now() - min(${t.at}))::float8`,
    })
    .from(t)
    .where(isNull(t.seq));
  return { rows: row?.rows ?? 0, oldestAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
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
 * The table's owner can still disable a trigger; the hash chain is what makes that visible. Services
 * run as a role that does not own the table (see `secureAuditTrail`).
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

/**
 * Runs `auditGuardSql` and installs the sealing function (idempotent), as the table's owner: for a
 * trail outside a service's migrations (tests). Services get both from their migrations and
 * `secureAuditTrail` at start.
 */
export async function installAuditGuard(db: Database, tables: AuditTables): Promise<void> {
  for (const statement of auditGuardSql(tables).split("--> statement-breakpoint")) {
    await db.execute(sql.raw(statement));
  }
  await secureAuditTrail(db, tables);
}

/**
 * `<schema>.<table>_seal(ids, seqs, prev_hashes, hashes)`: writes the chain positions and hashes the
 * sealer computed onto unsealed rows. SECURITY DEFINER, owned by the migrator (who owns the table),
 * so the service role needs no UPDATE right on the trail. It checks what it can without the hashing
 * itself (which stays in one place, `rowHash`): under the chain's lock, the positions continue the
 * sealed chain without a gap, every prev_hash is the hash before it, every row is still unsealed and
 * ids rise. So a caller can neither leave a gap nor fork the chain nor touch a sealed row; a wrong
 * hash is what `verifyAuditChain` reports as a changed row.
 */
export function auditSealSql(tables: AuditTables): string {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  const table = `"${schema}"."${name}"`;
  const key = lockKey(tables).replace(/'/g, "''");
  return `CREATE OR REPLACE FUNCTION ${sealFunction(tables)}(ids bigint[], seqs bigint[], prev_hashes text[], hashes text[])
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  n integer := coalesce(array_length(ids, 1), 0);
  head_seq bigint;
  head_hash text;
  sealed integer;
BEGIN
  IF n = 0 THEN RETURN 0; END IF;
  IF coalesce(array_length(seqs, 1), 0) <> n OR coalesce(array_length(prev_hashes, 1), 0) <> n
     OR coalesce(array_length(hashes, 1), 0) <> n THEN
    RAISE EXCEPTION 'audit sealing: ids, seqs, prev_hashes and hashes differ in length';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('${key}'));
  SELECT seq, hash INTO head_seq, head_hash FROM ${table} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  head_seq := coalesce(head_seq, 0);
  head_hash := coalesce(head_hash, '${GENESIS_HASH}');
  FOR i IN 1 .. n LOOP
    IF seqs[i] IS DISTINCT FROM head_seq + i THEN
      RAISE EXCEPTION 'audit sealing: position % does not continue the chain at %', seqs[i], head_seq + i;
    END IF;
    IF prev_hashes[i] IS DISTINCT FROM (CASE WHEN i = 1 THEN head_hash ELSE hashes[i - 1] END) THEN
      RAISE EXCEPTION 'audit sealing: prev_hash of position % is not the previous hash', seqs[i];
    END IF;
    IF hashes[i] IS NULL OR hashes[i] !~ '^[0-9a-f]{64}$' THEN
      RAISE EXCEPTION 'audit sealing: hash of position % is not a hex digest', seqs[i];
    END IF;
    IF i > 1 AND ids[i] <= ids[i - 1] THEN
      RAISE EXCEPTION 'audit sealing: rows must be sealed in insertion order';
    END IF;
  END LOOP;
  UPDATE ${table} AS t SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
    FROM unnest(ids, seqs, prev_hashes, hashes) AS v(id, seq, prev_hash, hash)
    WHERE t.id = v.id AND t.seq IS NULL;
  GET DIAGNOSTICS sealed = ROW_COUNT;
  IF sealed <> n THEN
    RAISE EXCEPTION 'audit sealing: % of % rows were still unsealed', sealed, n;
  END IF;
  RETURN n;
END
$$`;
}

/**
 * Run by the table's owner (the service's migrator) at start: (re)creates the sealing function and
 * leaves \`serviceRole\` only SELECT and INSERT on the trail — no UPDATE, DELETE, TRUNCATE (nor,
 * not being the owner, ALTER TABLE … DISABLE TRIGGER) — and EXECUTE on the sealing function.
 * Without a role (tests that seal as the owner) only the function is installed.
 */
export async function secureAuditTrail(
  db: Database | Transaction,
  tables: AuditTables,
  serviceRole?: string,
): Promise<void> {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  const table = `"${schema}"."${name}"`;
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(auditSealSql(tables)));
    await tx.execute(
      sql.raw(
        `REVOKE ALL ON FUNCTION ${sealFunction(tables)}(bigint[], bigint[], text[], text[]) FROM PUBLIC`,
      ),
    );
    if (!serviceRole) return;
    const role = `"${serviceRole.replace(/"/g, '""')}"`;
    await tx.execute(sql.raw(`REVOKE ALL ON ${table} FROM ${role}`));
    await tx.execute(sql.raw(`GRANT SELECT, INSERT ON ${table} TO ${role}`));
    await tx.execute(
      sql.raw(
        `GRANT EXECUTE ON FUNCTION ${sealFunction(tables)}(bigint[], bigint[], text[], text[]) TO ${role}`,
      ),
    );
  });
}

function sealFunction(tables: AuditTables): string {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  return `"${schema}"."${name}_seal"`;
}

function isList(entries: AuditEntry | readonly AuditEntry[]): entries is readonly AuditEntry[] {
  return Array.isArray(entries);
}

function lockKey(tables: AuditTables): string {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  return `audit:${schema}.${name}`;
}
