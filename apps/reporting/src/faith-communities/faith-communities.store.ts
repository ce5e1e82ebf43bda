import { type AuditEntry, appendAudit } from "@krisstod/audit";
import {
  countyBoardOf,
  type FaithCommunity,
  type FaithCommunityBody,
  type Principal,
  type UpdateFaithCommunityBody,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ConflictError, InvalidError, NotFoundError } from "@krisstod/http";
import { and, eq, sql } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { audit, faithCommunities } from "../db/schema.ts";

type Row = typeof faithCommunities.$inferSelect;
type NewCommunity = z.output<typeof FaithCommunityBody>;
type CommunityChange = z.output<typeof UpdateFaithCommunityBody>;

const UNIQUE_VIOLATION = "23505";
const SUBJECT_KIND = "faith-community-contact";

/** The list is Länsstyrelsen's: audit rows name it as the organisation whose record was read. */

function toCommunity(row: Row): FaithCommunity {
  return {
    id: row.id,
    countyCode: row.countyCode,
    name: row.name,
    denomination: row.denomination,
    municipalities: row.municipalities,
    contactPerson: row.contactPerson,
    contactRole: row.contactRole,
    phone: row.phone,
    alternativePhone: row.alternativePhone,
    email: row.email,
    languages: row.languages,
    notes: row.notes,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/**
 * A phone number as people write it ("035-12 34 56", "+46 70 174 06 05") in E.164; numbers
 * without a country code are Swedish. Checked against real number ranges ("max" metadata).
 */
export function e164(field: string, input: string): string {
  const parsed = parsePhoneNumberFromString(input.trim(), "SE");
  if (!parsed?.isValid()) {
    throw new InvalidError("Not a valid phone number.", [
      { field, message: `"${input}" is not a valid phone number` },
    ]);
  }
  return parsed.number;
}

function phones<T extends { phone?: string | undefined; alternativePhone?: string | null | undefined }>(
  input: T,
): T {
  return {
    ...input,
    ...(input.phone !== undefined ? { phone: e164("phone", input.phone) } : {}),
    ...(input.alternativePhone === ""
      ? { alternativePhone: null }
      : input.alternativePhone
        ? { alternativePhone: e164("alternativePhone", input.alternativePhone) }
        : {}),
  };
}

function auditEntries(actor: Principal, rows: readonly Row[], action: AuditEntry["action"]): AuditEntry[] {
  return rows.map((row) => ({
    actor: { userId: actor.userId, organisationId: actor.organisationId },
    action,
    subject: { kind: SUBJECT_KIND, id: row.id, organisationId: countyBoardOf(row.countyCode) },
  }));
}

/** The name uniqueness violation (drizzle wraps the driver's error in `cause`). */
function isDuplicateName(error: unknown): boolean {
  const cause = error instanceof Error && "cause" in error ? error.cause : error;
  const { code, constraint_name } = (cause ?? {}) as { code?: unknown; constraint_name?: unknown };
  return code === UNIQUE_VIOLATION && constraint_name === "faith_communities_county_name_idx";
}

async function uniqueName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDuplicateName(error)) {
      throw new ConflictError("The county's list already has a faith community of that name.");
    }
    throw error;
  }
}

export async function createCommunity(
  db: Database,
  actor: Principal,
  countyCode: string,
  input: NewCommunity,
): Promise<FaithCommunity> {
  const values = phones(input);
  return uniqueName(() =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .insert(faithCommunities)
        .values({ ...values, id: uuidv7(), countyCode, updatedBy: actor.name })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await appendAudit(tx, audit, auditEntries(actor, [row], "write"));
      return toCommunity(row);
    }),
  );
}

/** The county's list (optionally those serving one municipality), by Swedish alphabetical order; every entry read is audited. */
export async function listCommunities(
  db: Database,
  actor: Principal,
  countyCode: string,
  municipality: string | undefined,
): Promise<FaithCommunity[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(faithCommunities)
      .where(
        and(
          eq(faithCommunities.countyCode, countyCode),
          municipality ? sql`${municipality} = any(${faithCommunities.municipalities})` : undefined,
        ),
      );
    rows.sort((a, b) => a.name.localeCompare(b.name, "sv"));
    await appendAudit(tx, audit, auditEntries(actor, rows, "read"));
    return rows.map(toCommunity);
  });
}

async function findRow(tx: Transaction, id: string): Promise<Row> {
  const [row] = await tx.select().from(faithCommunities).where(eq(faithCommunities.id, id)).limit(1);
  if (!row) throw new NotFoundError("No such faith community.");
  return row;
}

/**
 * Reads one entry after `check` has accepted its county (so a refused read leaves no audit row
 * and reveals nothing), auditing the read.
 */
export async function readCommunity(
  db: Database,
  actor: Principal,
  id: string,
  check: (countyCode: string) => void,
): Promise<FaithCommunity> {
  return db.transaction(async (tx) => {
    const row = await findRow(tx, id);
    check(row.countyCode);
    await appendAudit(tx, audit, auditEntries(actor, [row], "read"));
    return toCommunity(row);
  });
}

export async function updateCommunity(
  db: Database,
  actor: Principal,
  id: string,
  change: CommunityChange,
  check: (countyCode: string) => void,
): Promise<FaithCommunity> {
  const values = phones(change);
  return uniqueName(() =>
    db.transaction(async (tx) => {
      check((await findRow(tx, id)).countyCode);
      const [row] = await tx
        .update(faithCommunities)
        .set({ ...values, updatedAt: new Date(), updatedBy: actor.name })
        .where(eq(faithCommunities.id, id))
        .returning();
      if (!row) throw new NotFoundError("No such faith community.");
      await appendAudit(tx, audit, auditEntries(actor, [row], "write"));
      return toCommunity(row);
    }),
  );
}

/** Removed for good (the contact's details are not kept once Länsstyrelsen drops them); the audit row stays. */
export async function deleteCommunity(
  db: Database,
  actor: Principal,
  id: string,
  check: (countyCode: string) => void,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await findRow(tx, id);
    check(row.countyCode);
    await tx.delete(faithCommunities).where(eq(faithCommunities.id, id));
    await appendAudit(tx, audit, auditEntries(actor, [row], "write"));
  });
}
