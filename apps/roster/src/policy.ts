import { auditReviewPolicy } from "@krisstod/audit/review";
import { definePolicy, routeDeclarer } from "@krisstod/auth";
import { countyRoles, type Principal, type Role } from "@krisstod/contracts";

/**
 * Who may do what in the roster service: the one policy table, and the table of every route with
 * its action (the guard refuses a route that is not listed; the authorisation matrix test is
 * generated from both).
 */
/** Every role of a county's organisations (not the national observer, who sees only the national picture). */
const everyone = countyRoles;
const leads: Role[] = ["posom-lead", "pkl-lead"];
const keepers: Role[] = ["posom-lead", "pkl-lead", "org-admin"];
const group: Role[] = ["posom-lead", "pkl-lead", "ledningsgrupp", "org-admin"];

export const rosterPolicy = definePolicy({
  "organisations.read": { roles: everyone, scope: "any-organisation" },
  "organisations.create": { roles: ["org-admin"], scope: "own-county" },
  "organisations.update": { roles: keepers, scope: "own-organisation" },
  "people.read": { roles: group, scope: "own-organisation" },
  /**
   * One person's record: the person's own organisation's group, and, while the person is deployed
   * there under mutual aid (deployed, not released), the receiving organisation's leads. A scope
   * cannot say "receiving organisation", so the table lets the roles through from any organisation
   * and the handler narrows it with `mayReadPerson`; everyone else gets 403.
   */
  "person.read": { roles: group, scope: "any-organisation" },
  /** The people deployed to the organisation under mutual aid right now, with contact details. */
  "deployed-people.read": { roles: leads, scope: "own-organisation" },
  "people.write": { roles: keepers, scope: "own-organisation" },
  "call-lists.read": { roles: group, scope: "own-organisation" },
  /** The action plan: kept by the keepers, worked through by whoever activates and leads. */
  "action-plan.read": {
    roles: [...group, "activator", "region-tib"],
    scope: "own-organisation",
  },
  "action-plan.write": { roles: keepers, scope: "own-organisation" },
  "call-lists.write": { roles: keepers, scope: "own-organisation" },
  /** The file holds everyone's phone numbers: the organisation's leads only. */
  "call-lists.export": { roles: leads, scope: "own-organisation" },
  "call-lists.import": { roles: keepers, scope: "own-organisation" },
  /** Support persons mark their own absence; the handler checks it is their own record. */
  "availability.read": { roles: [...group, "support-person"], scope: "own-organisation" },
  "availability.write": { roles: [...keepers, "support-person"], scope: "own-organisation" },
  "trainings.read": { roles: group, scope: "own-organisation" },
  "trainings.write": { roles: keepers, scope: "own-organisation" },
  "competence-profiles.read": { roles: everyone, scope: "any-organisation" },
  /** Länsstyrelsen sees the readiness of every municipality in its county. */
  "readiness.read": { roles: everyone, scope: "own-county" },
  /** The county's settings of numbers the guideline does not give; Länsstyrelsen's admin changes them. */
  "county-settings.read": { roles: everyone, scope: "own-county" },
  "county-settings.change": { roles: ["org-admin"], scope: "own-county" },
  /** The network's meetings: Länsstyrelsen convenes and records them; the county reads them. */
  "network-meetings.read": { roles: everyone, scope: "own-county" },
  "network-meetings.write": { roles: ["org-admin", "county-observer"], scope: "own-county" },
  /** The organisation admin reviews who read and changed its people's data. */
  ...auditReviewPolicy,
});
export type RosterAction = keyof typeof rosterPolicy.entries;

/**
 * Declares a route with its action and OpenAPI description, first in its Hono chain; the guard's
 * route table is derived from these declarations (a route without one stops the service).
 */
export const route = routeDeclarer(rosterPolicy);

const contactViewers: readonly Role[] = leads;

/**
 * Support persons' phone numbers and e-mail: visible to their own organisation's leads and, while
 * the person is deployed there under mutual aid, to the receiving organisation's leads; to nobody
 * else. `hosts` are the organisations the person is deployed to right now (see `activeHosts`).
 */
export function canSeeContacts(
  principal: Principal,
  person: { organisationId: string },
  hosts: readonly string[] = [],
): boolean {
  if (!principal.roles.some((r) => contactViewers.includes(r))) return false;
  return principal.organisationId === person.organisationId || hosts.includes(principal.organisationId);
}

/** Who may open one person's record (`person.read`): their own group, or a host's leads (see above). */
export function mayReadPerson(
  principal: Principal,
  person: { organisationId: string },
  hosts: readonly string[],
): boolean {
  if (principal.organisationId === person.organisationId)
    return rosterPolicy.allows(principal, "people.read");
  return canSeeContacts(principal, person, hosts);
}

/** True when the principal keeps this organisation's roster (may act for anyone in it). */
export function keepsRoster(principal: Principal, organisationId: string): boolean {
  return principal.organisationId === organisationId && principal.roles.some((r) => keepers.includes(r));
}
