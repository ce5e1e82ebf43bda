import type { AuditAction } from "@krisstod/contracts";
import { sql } from "drizzle-orm";
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

/** The one list of audit actions is the contract's (the review answer names them). */
export type { AuditAction } from "@krisstod/contracts";

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

/** The sealing function's name, `<schema>.<table>_seal`. */
export function sealFunction(tables: AuditTables): string {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  return `"${schema}"."${name}_seal"`;
}

/** The key of the chain's advisory lock. */
export function lockKey(tables: AuditTables): string {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  return `audit:${schema}.${name}`;
}
