import { createHash } from "node:crypto";
import type { Database, Transaction } from "@krisstod/db";
import { asc, count, desc, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { type AuditTables, GENESIS_HASH, lockKey, type SealedAuditRow, sealFunction } from "./tables.ts";

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
  db: Database,
  tables: AuditTables,
  options: { batchSize?: number } = {},
): Promise<ChainVerdict> {
  // One snapshot: rows the sealer seals while the walk runs would otherwise be in neither the walk
  // (still unsealed when it read them) nor the unsealed count (sealed when it counted them).
  return db.transaction((tx) => walkAuditChain(tx, tables, options), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
}

async function walkAuditChain(
  db: Transaction,
  tables: AuditTables,
  options: { batchSize?: number },
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
