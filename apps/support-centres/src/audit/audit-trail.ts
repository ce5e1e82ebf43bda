import { createHash } from "node:crypto";
import type { Transaction } from "@krisstod/db";
import { desc, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { auditLog } from "../db/schema.ts";

/**
 * The audit trail of personal-data access, kept in this service's schema until `@krisstod/audit`
 * lands; callers only see `appendAudit`, so swapping it is one import.
 */
export interface AuditEntry {
  organisationId: string;
  actorUserId: string;
  /** e.g. "visitor.read", "visitor.registered", "reunification.search". */
  action: string;
  subjectType: "visitor" | "reunification-search";
  subjectIds: readonly string[];
  /** Ids and counts only, never personal data. */
  detail?: Record<string, string | number | boolean | null>;
}

const GENESIS = "0".repeat(64);
// One lock for the whole chain: rows are appended one after another so each names its predecessor.
const CHAIN_LOCK = sql`select pg_advisory_xact_lock(hashtext('support_centres.audit_log'))`;

/** Appends one row in the caller's transaction, so the access and its record commit together. */
export async function appendAudit(tx: Transaction, entry: AuditEntry): Promise<void> {
  await tx.execute(CHAIN_LOCK);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const row = {
    id: uuidv7(),
    at: new Date(),
    organisationId: entry.organisationId,
    actorUserId: entry.actorUserId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectIds: [...entry.subjectIds],
    detail: entry.detail ?? {},
    prevHash: last?.hash ?? GENESIS,
  };
  await tx.insert(auditLog).values({ ...row, hash: hashOf(row) });
}

type HashedFields = Omit<typeof auditLog.$inferSelect, "seq" | "hash">;

export function hashOf(row: HashedFields): string {
  const canonical = JSON.stringify([
    row.prevHash,
    row.id,
    row.at.toISOString(),
    row.organisationId,
    row.actorUserId,
    row.action,
    row.subjectType,
    row.subjectIds,
    sortKeys(row.detail),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

function sortKeys(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

/** Recomputes the chain; returns the seq of the first row that does not fit, or undefined. */
export async function verifyAuditChain(tx: Transaction): Promise<number | undefined> {
  const rows = await tx.select().from(auditLog).orderBy(auditLog.seq);
  let previous = GENESIS;
  for (const row of rows) {
    if (row.prevHash !== previous || hashOf(row) !== row.hash) return row.seq;
    previous = row.hash;
  }
  return undefined;
}
