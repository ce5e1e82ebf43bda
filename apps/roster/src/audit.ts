import { type AuditAction, appendAudit } from "@krisstod/audit";
import type { Principal } from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import { audit } from "./db/schema.ts";

// Keeps each audit insert well below PostgreSQL's 65,535 bind parameters (12 per row).
const CHUNK = 2_000;

/**
 * One audit row per person whose contact details were read, exported or written, in the
 * transaction that did it. Views without contact details are not audited: they hold no more than
 * a name and a workplace, which the roster shows to the whole group.
 */
export async function auditContacts(
  tx: Transaction,
  principal: Pick<Principal, "userId" | "organisationId">,
  action: AuditAction,
  people: readonly { id: string; organisationId: string }[],
  reason?: string,
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
