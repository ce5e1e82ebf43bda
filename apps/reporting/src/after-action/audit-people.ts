import { type AuditAction, appendAudit } from "@krisstod/audit";
import type { Principal } from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import { audit } from "../db/schema.ts";

/**
 * One audit row per support person whose after-action record (name, hours, debrief status) a
 * request showed or changed, in its transaction. `written` names the person a write was about;
 * everyone else in the answer was read.
 */
export async function auditPeople(
  tx: Transaction,
  actor: Principal,
  people: readonly { personId: string; organisationId: string }[],
  options: { reason: string; written?: string | "all"; activationId?: string },
): Promise<void> {
  const action = (personId: string): AuditAction =>
    options.written === "all" || options.written === personId ? "write" : "read";
  const seen = new Set<string>();
  const entries = people
    .filter((p) => !seen.has(p.personId) && seen.add(p.personId))
    .map((p) => ({
      actor: { userId: actor.userId, organisationId: actor.organisationId },
      action: action(p.personId),
      subject: { kind: "person", id: p.personId, organisationId: p.organisationId },
      reason: options.activationId ? `${options.reason} ${options.activationId}` : options.reason,
    }));
  await appendAudit(tx, audit, entries);
}
