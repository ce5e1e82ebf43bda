import { type Database, insertJsonRows, type Transaction } from "@krisstod/db";
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { AuditEntry, AuditRow, AuditTables } from "./tables.ts";

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
  // One JSON parameter for all rows: a call-out audits one row per person on its list.
  await insertJsonRows(
    tx,
    tables.auditLog,
    list.map((entry) => auditRowValues(entry, at)),
  );
}

/**
 * The unsealed row an entry becomes (no `seq`, `prevHash`, `hash` yet): what `appendAudit` inserts,
 * for a service that writes the row in a statement of its own (support-centres' arrival).
 */
export function auditRowValues(entry: AuditEntry, at: Date) {
  return {
    at,
    actorUserId: entry.actor.userId,
    actorOrganisationId: entry.actor.organisationId,
    action: entry.action,
    subjectKind: entry.subject.kind,
    subjectId: entry.subject.id,
    subjectOrganisationId: entry.subject.organisationId,
    incidentId: entry.incidentId ?? null,
    reason: entry.reason ?? null,
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

function isList(entries: AuditEntry | readonly AuditEntry[]): entries is readonly AuditEntry[] {
  return Array.isArray(entries);
}
