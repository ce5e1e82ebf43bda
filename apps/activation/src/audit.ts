import { type AuditAction, appendAudit } from "@krisstod/audit";
import type { Principal } from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import { audit } from "./db/schema.ts";

/** A person's data as this service holds it: a call-out (name, answer, ETA) or a message (phone, e-mail). */
export interface AuditedRecord {
  kind: "call-out" | "call-out-message" | "activation-decider" | "debrief-offer";
  /** The roster person id (call-out, decider) or the message id. */
  id: string;
  /** The organisation whose person it is (the activation's). */
  organisationId: string;
  incidentId: string | null;
}

/** The call-out records of people of an activation (or its decision), one audit row each. */
export function callOutRecords(
  of: { organisationId: string; incidentId: string },
  people: readonly { personId: string }[],
): AuditedRecord[] {
  return people.map((person) => ({
    kind: "call-out",
    id: person.personId,
    organisationId: of.organisationId,
    incidentId: of.incidentId,
  }));
}

/** One audit row per record read or written, by this principal, in the caller's transaction. */
export async function auditAccess(
  tx: Transaction,
  principal: Principal,
  action: AuditAction,
  records: readonly AuditedRecord[],
  reason?: string,
): Promise<void> {
  await appendAudit(
    tx,
    audit,
    records.map((record) => ({
      actor: { userId: principal.userId, organisationId: principal.organisationId },
      action,
      subject: { kind: record.kind, id: record.id, organisationId: record.organisationId },
      incidentId: record.incidentId,
      reason: reason ?? null,
    })),
  );
}
