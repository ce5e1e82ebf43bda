import type { AuditAction } from "@krisstod/audit";
import type { Principal } from "@krisstod/contracts";

/** Who did it, as the audit and roster's audited requests name them. */
export function actorOf(principal: Principal): { userId: string; organisationId: string } {
  return { userId: principal.userId, organisationId: principal.organisationId };
}

/** A visitor whose data a request touched: whose it is and under which incident. */
export interface TouchedVisitor {
  id: string;
  incidentId: string;
  /** The organisation holding the visitor's data; the principal's own unless told. */
  organisationId?: string;
}

/**
 * The audit entries for a request that read, wrote or exported visitors' personal data: one per
 * visitor, by the signed-in principal (appended with `appendAudit` in the same transaction).
 */
export function visitorAccess(
  principal: Principal,
  action: AuditAction,
  touched: readonly TouchedVisitor[],
  reason?: string,
) {
  return touched.map((visitor) => ({
    actor: actorOf(principal),
    action,
    subject: {
      kind: "visitor",
      id: visitor.id,
      organisationId: visitor.organisationId ?? principal.organisationId,
    },
    incidentId: visitor.incidentId,
    reason: reason ?? null,
  }));
}
