import { auditReviewPolicy } from "@krisstod/audit/review";
import { type AuthEnv, definePolicy, requirePrincipal, routeDeclarer } from "@krisstod/auth";
import { countyRoles, type Principal, type Role } from "@krisstod/contracts";
import { ForbiddenError } from "@krisstod/http";
import type { Context } from "hono";

/**
 * Who may do what in this service: the one policy table and the route table the runtime guard
 * enforces (401 without a valid token, 403 for a role not listed, unknown routes refused). Handlers
 * then check the resource's scope (`assertScope`, or the helpers below) and the domain rules, e.g.
 * that the signed-in person holds an authorised function of the organisation (asked of roster).
 */

/** The leads of an organisation's crisis support: POSOM, its ledningsgrupp, PKL and the region's TIB. */
const leads = ["posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"] as const satisfies Role[];
const aidLeads = ["posom-lead", "ledningsgrupp", "pkl-lead"] as const satisfies Role[];

export const policy = definePolicy({
  "incident.open": { roles: ["posom-lead", "activator", "region-tib", "pkl-lead"] },
  // Incidents are the shared picture of the county: any signed-in role there may read them.
  "incident.list": { roles: countyRoles, scope: "own-county" },
  "incident.read": { roles: countyRoles, scope: "own-county" },
  // What is learnt later (it became extraordinary, the place is corrected): the owner's leads.
  "incident.update": { roles: ["posom-lead", "activator", "region-tib", "pkl-lead"] },
  "incident.close": { roles: ["activator", ...leads] },
  // Counts for everyone in the county; the names of the people called only for their organisation.
  "incident.activations": { roles: countyRoles, scope: "own-county" },
  "activation.decide": { roles: ["activator", ...leads] },
  "activation.read": { roles: ["activator", ...leads] },
  "activation.fallback": { roles: ["activator", ...leads] },
  // Call the next people on the list now, without waiting for the timer (the lead's escalation).
  "activation.escalate": { roles: ["activator", ...leads] },
  // Move the gathering: those who accepted are sent the new meeting place.
  "activation.meeting-place": { roles: ["activator", ...leads] },
  /**
   * Relieve one person on duty (Enköping "Vid en långvarig kris behöver aktiva lösas av"): the
   * ledningsgrupp's distribution of its people (Laholm 3.2 "Fördela och samordna tillgängliga resurser").
   */
  "activation.relieve": { roles: leads },
  /** Laholm 3.3: the ledningsgrupp gives those on duty their tasks. */
  "activation.assign-task": { roles: leads },
  // Closing ends the call-out and starts the after-work (evaluation, debriefs).
  "activation.close": { roles: ["activator", ...leads] },
  // The call-out as an OASIS CAP 1.2 alert: ids, counts and place only, no names.
  "activation.cap": { roles: ["activator", ...leads] },
  // The signed, single-use link is the credential: support persons answer without an account.
  "call-out.answer-page": { public: true },
  "call-out.answer": { public: true },
  // A person's own accepted call-outs and where to go ("Mitt uppdrag"): whoever may be on a call list.
  // Which groups the signed-in person may activate (the dashboard offers the form on it).
  "decision.mine": { roles: ["activator", ...leads] },
  "assignment.mine": { roles: ["support-person", "ledningsgrupp", "posom-lead", "pkl-lead"] },
  /**
   * Laholm 3.7 "alla som deltagit i arbetet erbjudas stödsamtal": everyone who took part sees their
   * own offer — centre staff and people sent by a neighbour too.
   */
  "debrief-offer.mine": {
    roles: ["support-person", "ledningsgrupp", "posom-lead", "pkl-lead", "centre-staff"],
  },
  "mutual-aid.request": { roles: aidLeads },
  "mutual-aid.list": { roles: ["county-observer", ...aidLeads], scope: "own-county" },
  "mutual-aid.offer": { roles: aidLeads },
  "mutual-aid.accept": { roles: aidLeads },
  "mutual-aid.deploy": { roles: aidLeads },
  "mutual-aid.release": { roles: aidLeads },
  /**
   * Halland: "Kontakter med Region Halland sker via TIB … Även då tas kontakterna via TIB." A
   * municipality's POSOM asks; the region's TIB (and PKL lead) reads and answers.
   */
  "region-request.make": { roles: ["posom-lead", "ledningsgrupp"] },
  "region-request.list": { roles: ["posom-lead", "ledningsgrupp", "region-tib", "pkl-lead"] },
  "region-request.answer": { roles: ["region-tib"] },
  /**
   * Halland: "Kontakter med trossamfund kan fås via Länsstyrelsens TiB … Vid behov av samverkan kan
   * kommunerna och Region Halland kontakta Länsstyrelsens TiB." Municipalities' POSOM and the
   * region's PKL and TIB ask; Länsstyrelsen (its TiB, role county-observer) reads and answers.
   */
  "faith-request.make": { roles: ["posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"] },
  "faith-request.list": {
    roles: ["posom-lead", "ledningsgrupp", "pkl-lead", "region-tib", "county-observer"],
  },
  "faith-request.answer": { roles: ["county-observer"] },
  // The messages hold phone numbers and e-mail addresses: the organisation's own leads only.
  "dev-outbox.list": { roles: leads },
  // The organisation admin reviews its own organisation's audit trail.
  ...auditReviewPolicy,
});
export type Action = keyof typeof policy.entries;

/**
 * Declares a route with its action and OpenAPI description, first in its Hono chain; the guard's
 * route table is derived from these declarations (a route without one stops the service).
 */
export const route = routeDeclarer(policy);

/** The signed-in principal (set by the guard). */
export function principalOf(c: Context<AuthEnv>): Principal {
  return requirePrincipal(c);
}

/**
 * The organisation a request acts for: always the principal's. A body may still name it (older
 * clients do), but naming another organisation is refused rather than silently ignored.
 */
export function actingOrganisation(principal: Principal, claimed?: string): string {
  if (claimed !== undefined && claimed !== principal.organisationId) {
    throw new ForbiddenError(
      `You act for ${principal.organisationId}; a request for ${claimed} needs a sign-in of that organisation.`,
      "other-organisation",
    );
  }
  return principal.organisationId;
}

/** Whether the principal is one of the leads of their organisation (who see names and contact details). */
export function isLead(principal: Principal): boolean {
  return principal.roles.some((role) => (leads as readonly Role[]).includes(role) || role === "activator");
}
