import type { DatabaseHandle } from "@krisstod/db";
import { asc, isNotNull } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { type AuditTables, GENESIS_HASH, rowHash } from "./index.ts";

/**
 * For tests only: what an attacker with the database's superuser does to hide an access. With
 * triggers off for the session (`session_replication_role = replica`) it changes a sealed row's
 * reason, then recomputes that row's hash and every later row's prev_hash and hash, so the unkeyed
 * chain verifies again. Only the signed checkpoints can tell.
 */
export async function rewriteAuditRowAsSuperuser(
  database: DatabaseHandle,
  tables: AuditTables,
  seq: number,
  reason: string,
): Promise<void> {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  const table = `"${schema}"."${name}"`;
  const rows = await database.db
    .select()
    .from(tables.auditLog)
    .where(isNotNull(tables.auditLog.seq))
    .orderBy(asc(tables.auditLog.seq));
  await database.sql.begin(async (tx) => {
    await tx.unsafe("set local session_replication_role = replica");
    let prevHash: string | null = GENESIS_HASH;
    for (const row of rows) {
      const position = row.seq ?? 0;
      if (position < seq) {
        prevHash = row.hash;
        continue;
      }
      const content = { ...row, seq: position, reason: position === seq ? reason : row.reason };
      const hash = rowHash(prevHash ?? "", content);
      await tx.unsafe(`update ${table} set reason = $1, prev_hash = $2, hash = $3 where seq = $4`, [
        content.reason,
        prevHash,
        hash,
        position,
      ]);
      prevHash = hash;
    }
  });
}

/** For tests only: deletes the chain's rows from `seq` on, past the trigger, as a superuser could. */
export async function deleteAuditTailAsSuperuser(
  database: DatabaseHandle,
  tables: AuditTables,
  seq: number,
): Promise<void> {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  await database.sql.begin(async (tx) => {
    await tx.unsafe("set local session_replication_role = replica");
    await tx.unsafe(`delete from "${schema}"."${name}" where seq >= $1`, [seq]);
  });
}
