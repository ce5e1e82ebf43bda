import { type AuditAction, appendAudit } from "@krisstod/audit";
import type { Principal } from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import { audit } from "./db/schema.ts";

// Keeps each audit insert well below PostgreSQL's 65,535 bind parameters (12 per row).
const CHUNK = 2_000;

/**
 * One audit row per person whose record was read, exported or written, in the transaction that did
 * it: names and workplaces count as much as phone numbers and e-mail (a ledningsgrupp member's or
 * an org admin's list view is audited like a lead's). `reason` says what was seen when it was less
 * than the whole record (e.g. "names only").
 */
export async function auditPeople(
  tx: Transaction,
  principal: Pick<Principal, "userId" | "organisationId">,
  action: AuditAction,
  people: readonly { id: string; organisationId: string }[],
  reason?: string | null,
): Promise<void> {
  for (let i = 0; i < people.length; i += CHUNK) {
    await appendAudit(
      tx,
      audit,
      people.slice(i, i + CHUNK).map((p) => ({
        actor: { userId: principal.userId, organisationId: principal.organisationId },
        action,
        subject: { kind: "person", id: p.id, organisationId: p.organisationId },
        reason: reason ?? null,
      })),
    );
  }
}

/** The former name of {@link auditPeople}, from when only views with contact details were audited. */
export const auditContacts = auditPeople;

/** What a view without contact details showed, as the audit row's reason. */
export const NAMES_ONLY = "names only";
