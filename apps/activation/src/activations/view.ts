import type { Activation, Principal } from "@krisstod/contracts";
import { callOutRecords } from "../audit.ts";

/**
 * An activation as this principal may see it (need to know). The deciding organisation sees who
 * decided and why; only its administrator also the login subject the decision was signed in as
 * (for tracing a decision to an account). Any other organisation — a neighbour, the region,
 * Länsstyrelsen — sees that a decision exists, when, and by which function, not by whom or why,
 * nor the tasks the ledningsgrupp gave.
 */
export function activationView(principal: Principal, activation: Activation): Activation {
  const { decidedBy } = activation;
  if (principal.organisationId === activation.organisationId) {
    if (principal.roles.includes("org-admin")) return activation;
    const { userId: _userId, ...withoutLogin } = decidedBy;
    return { ...activation, decidedBy: withoutLogin };
  }
  const {
    reason: _reason,
    consultedWith: _consulted,
    chiefUnreachable: _attempt,
    ...withoutReason
  } = activation;
  return {
    ...withoutReason,
    decidedBy: { functionId: decidedBy.functionId, functionTitle: decidedBy.functionTitle },
    // A task may name people or places of the incident: the organisation's own (Laholm 3.3).
    callOuts: activation.callOuts.map(({ task: _task, ...callOut }) => callOut),
  };
}

/**
 * The decider as a record the view shows by name, audited like a person called: one row when the
 * view names them (their own organisation), none when it shows the function only.
 */
/** Everyone a view of the activation shows by name (called out, and the decider): one audit row each. */
export function peopleShownIn(view: Activation) {
  return [...callOutRecords(view, view.callOuts), ...deciderRecords(view)];
}

function deciderRecords(view: Activation) {
  const { personId, name } = view.decidedBy;
  // Not shown by name, or shown already as a person called (one row per person).
  if (!personId || !name || view.callOuts.some((c) => c.personId === personId)) return [];
  return [
    {
      kind: "activation-decider" as const,
      id: personId,
      organisationId: view.organisationId,
      incidentId: view.incidentId,
    },
  ];
}
