import type { Role } from "@krisstod/contracts";
import type { SignedInUser } from "./session.ts";

/**
 * The roles that may take each action the dashboard offers, as the services' policy tables say
 * (apps/activation/src/policy.ts, apps/support-centres/src/policy.ts, apps/reporting/src/access.ts,
 * apps/roster/src/policy.ts;
 * test/permissions.test.ts keeps this table equal to them). A form or button is shown only to a
 * user who may use it; the services still decide every request.
 */
export const permissions = {
  "incident.open": ["posom-lead", "activator", "region-tib", "pkl-lead"],
  "incident.update": ["posom-lead", "activator", "region-tib", "pkl-lead"],
  "incident.close": ["activator", "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"],
  "activation.decide": ["activator", "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"],
  "activation.escalate": ["activator", "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"],
  "activation.close": ["activator", "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"],
  "activation.relieve": ["posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"],
  "activation.assign-task": ["posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"],
  "call-lists.write": ["posom-lead", "pkl-lead", "org-admin"],
  "action-plan.read": ["posom-lead", "pkl-lead", "ledningsgrupp", "org-admin", "activator", "region-tib"],
  "action-plan.write": ["posom-lead", "pkl-lead", "org-admin"],
  "centres.create": ["posom-lead", "pkl-lead", "region-tib"],
  "centres.change-status": ["posom-lead", "pkl-lead", "region-tib"],
  "templates.create": ["posom-lead", "pkl-lead", "region-tib"],
  "templates.update": ["posom-lead", "pkl-lead", "region-tib"],
  "centres.partnership": ["posom-lead", "pkl-lead", "region-tib"],
  "centres.cooperation": ["posom-lead", "pkl-lead", "region-tib", "ledningsgrupp"],
  "visitors.arrive": ["posom-lead", "pkl-lead", "ledningsgrupp", "centre-staff", "support-person"],
  "visitors.list": ["posom-lead", "pkl-lead", "ledningsgrupp", "centre-staff", "support-person"],
  "visitors.depart": ["posom-lead", "pkl-lead", "ledningsgrupp", "centre-staff", "support-person"],
  "visitors.refer": ["posom-lead", "pkl-lead", "ledningsgrupp", "centre-staff", "support-person"],
  "situation-report.submit": ["posom-lead", "pkl-lead", "ledningsgrupp", "region-tib"],
  "situation-report.read": ["posom-lead", "pkl-lead", "ledningsgrupp", "region-tib", "county-observer"],
  "situation-report.county": ["county-observer"],
  "assignment.mine": ["support-person", "ledningsgrupp", "posom-lead", "pkl-lead"],
  "debrief-offer.mine": ["support-person", "ledningsgrupp", "posom-lead", "pkl-lead", "centre-staff"],
  "faith-request.make": ["posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"],
  "faith-request.answer": ["county-observer"],
  /** Länsstyrelsen convenes the county's POSOM and PKL network, and records its meetings. */
  "network-meetings.write": ["org-admin", "county-observer"],
  "crisis-management.briefing": ["posom-lead", "pkl-lead", "ledningsgrupp", "region-tib", "activator"],
  /** MSB at the hub: reporting in the national mode (apps/reporting/src/national/app.ts). */
  "national-picture.read": ["national-observer"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

/** Whether one of the user's roles may take the action. */
export function may(user: SignedInUser, action: Permission): boolean {
  const allowed: readonly Role[] = permissions[action];
  return user.roles.some((role) => allowed.includes(role));
}
