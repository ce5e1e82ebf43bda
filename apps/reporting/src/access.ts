import { type AuthEnv, definePolicy, defineRoutes, requirePrincipal } from "@krisstod/auth";
import { type Principal, Role } from "@krisstod/contracts";
import { ForbiddenError } from "@krisstod/http";
import type { Context } from "hono";

/**
 * Who may do what in the reporting service: the one policy table and the one route table
 * (the authorisation matrix test is generated from both). Scopes that depend on the resource
 * are checked in the handlers through the helpers below.
 */
const leads = ["posom-lead", "pkl-lead", "ledningsgrupp", "region-tib"] as const satisfies readonly Role[];

export const policy = definePolicy({
  /** Counts only, suppressed below 5: every role may see its own county's picture. */
  "picture.read": { roles: Role.options, scope: "own-county" },
  "situation-report.submit": { roles: leads, scope: "own-organisation" },
  /** Own organisation's reports; Länsstyrelsen (county-observer) every report of its county. */
  "situation-report.read": { roles: [...leads, "county-observer"], scope: "own-county" },
  "situation-report.county": { roles: ["county-observer"], scope: "own-county" },
  /**
   * POSOM's lägesbild and needs go to the municipality's crisis management and TiB, who sign in
   * as its authorised activators (Enköping: "förmedla lägesbild och behov till kommunens
   * krisledning/TiB"); POSOM's own leads see what they send.
   */
  "crisis-management.briefing": { roles: [...leads, "activator"], scope: "own-organisation" },
  "logbook.append": { roles: [...leads, "support-person"], scope: "own-organisation" },
  "logbook.read": { roles: [...leads, "support-person"], scope: "own-organisation" },
  "after-action.write": { roles: leads, scope: "own-organisation" },
  "after-action.read": { roles: [...leads, "org-admin"], scope: "own-organisation" },
  /** The outcome of an evaluation goes back to the ledningsgrupp and the support persons (Laholm 3.7). */
  "evaluation-outcome.read": { roles: [...leads, "support-person"], scope: "own-organisation" },
  "lessons.read": { roles: [...leads, "county-observer", "org-admin"], scope: "own-county" },
  "statistics.read": { roles: [...leads, "county-observer", "org-admin"], scope: "own-county" },
  /** Länsstyrelsen keeps the county's faith-community contacts (its org-admin or county officer)… */
  "faith-communities.manage": { roles: ["org-admin", "county-observer"], scope: "own-county" },
  /** …and POSOM and PKL leads of the county read them (Halland: "Samverkan med trossamfund"). */
  "faith-communities.read": {
    roles: ["posom-lead", "pkl-lead", "county-observer", "org-admin"],
    scope: "own-county",
  },
  /** The county's settings of numbers the guideline does not give; Länsstyrelsen's admin changes them. */
  "county-settings.read": { roles: Role.options, scope: "own-county" },
  "county-settings.change": { roles: ["org-admin"], scope: "own-county" },
  /** The organisation admin reviews who read and changed its people's logbooks and contacts. */
  "audit.read": { roles: ["org-admin"] },
  /** Verify the service's chain against its signed checkpoints, see the scheduled result, export a period. */
  "audit.verify": { roles: ["org-admin"] },
  "audit.export": { roles: ["org-admin"] },
});
export type Action = keyof typeof policy.entries;

export const routeTable = defineRoutes(policy, [
  { method: "GET", path: "/picture", action: "picture.read" },
  { method: "GET", path: "/stream", action: "picture.read" },
  { method: "POST", path: "/incidents/:incidentId/situation-reports", action: "situation-report.submit" },
  { method: "GET", path: "/incidents/:incidentId/situation-reports", action: "situation-report.read" },
  { method: "GET", path: "/situation-reports/status", action: "situation-report.county" },
  { method: "GET", path: "/situation-reports/summary", action: "situation-report.county" },
  {
    method: "GET",
    path: "/incidents/:incidentId/crisis-management-briefing",
    action: "crisis-management.briefing",
  },
  { method: "POST", path: "/incidents/:incidentId/logbook-entries", action: "logbook.append" },
  { method: "GET", path: "/incidents/:incidentId/logbook-entries", action: "logbook.read" },
  { method: "GET", path: "/activations", action: "after-action.read" },
  { method: "PUT", path: "/activations/:activationId", action: "after-action.write" },
  { method: "PUT", path: "/activations/:activationId/participants/:personId", action: "after-action.write" },
  { method: "GET", path: "/activations/:activationId/participants", action: "after-action.read" },
  { method: "POST", path: "/activations/:activationId/debriefs", action: "after-action.write" },
  { method: "PUT", path: "/activations/:activationId/debriefs/:personId", action: "after-action.write" },
  {
    method: "PUT",
    path: "/activations/:activationId/debriefs/:personId/occupational-health",
    action: "after-action.write",
  },
  { method: "POST", path: "/activations/:activationId/costs", action: "after-action.write" },
  { method: "GET", path: "/activations/:activationId/summary", action: "after-action.read" },
  {
    method: "GET",
    path: "/activations/:activationId/evaluation-outcome",
    action: "evaluation-outcome.read",
  },
  { method: "POST", path: "/evaluations", action: "after-action.write" },
  { method: "PATCH", path: "/evaluations/:id", action: "after-action.write" },
  { method: "GET", path: "/evaluations", action: "after-action.read" },
  { method: "GET", path: "/support-persons/load", action: "after-action.read" },
  { method: "GET", path: "/lessons", action: "lessons.read" },
  { method: "GET", path: "/statistics", action: "statistics.read" },
  // Exports: the same rules as the records they are made from.
  {
    method: "GET",
    path: "/incidents/:incidentId/situation-reports/:reportId/pdf",
    action: "situation-report.read",
  },
  {
    method: "GET",
    path: "/incidents/:incidentId/situation-reports/:reportId/edxl",
    action: "situation-report.read",
  },
  { method: "GET", path: "/situation-reports/summary/pdf", action: "situation-report.county" },
  { method: "GET", path: "/statistics/csv", action: "statistics.read" },
  { method: "GET", path: "/lessons/csv", action: "lessons.read" },
  { method: "GET", path: "/county-settings/:countyCode", action: "county-settings.read" },
  { method: "PUT", path: "/county-settings/:countyCode", action: "county-settings.change" },
  { method: "GET", path: "/faith-communities", action: "faith-communities.read" },
  { method: "POST", path: "/faith-communities", action: "faith-communities.manage" },
  { method: "GET", path: "/faith-communities/:id", action: "faith-communities.read" },
  { method: "PATCH", path: "/faith-communities/:id", action: "faith-communities.manage" },
  { method: "DELETE", path: "/faith-communities/:id", action: "faith-communities.manage" },
  { method: "GET", path: "/audit", action: "audit.read" },
  { method: "GET", path: "/audit/verify", action: "audit.verify" },
  { method: "GET", path: "/audit/status", action: "audit.verify" },
  { method: "GET", path: "/audit/export", action: "audit.export" },
]);

/** The verified principal the guard left for this request. */
export function actorOf(c: Context<AuthEnv>): Principal {
  return requirePrincipal(c);
}

/** A write on behalf of `organisationId` (named in the body): only by someone of that organisation. */
export function assertActsFor(actor: Principal, organisationId: string, countyCode?: string): void {
  if (actor.organisationId !== organisationId || (countyCode && actor.countyCode !== countyCode)) {
    throw new ForbiddenError(
      `You act for ${actor.organisationId}, not ${organisationId}.`,
      "other-organisation",
    );
  }
}

/** A read of one organisation's records: its own people, or Länsstyrelsen of the same county. */
export function assertMayRead(
  actor: Principal,
  resource: { organisationId: string; countyCode: string },
): void {
  if (actor.organisationId === resource.organisationId) return;
  if (actor.roles.includes("county-observer") && actor.countyCode === resource.countyCode) return;
  throw new ForbiddenError("This belongs to an organisation outside your scope.", "outside-scope");
}

/** A county-wide read (counts, the picture, report status): the principal's own county only. */
export function assertCounty(actor: Principal, countyCode: string): void {
  if (actor.countyCode !== countyCode) {
    throw new ForbiddenError(`You see county ${actor.countyCode}, not ${countyCode}.`, "other-county");
  }
}

/** Whether counts of `organisationId` must be suppressed below 5 for this viewer. */
export function suppressFor(actor: Principal, organisationId: string): boolean {
  return actor.organisationId !== organisationId;
}

/** The county board (Länsstyrelsen) of the principal's own county. */
function isCountyBoard(actor: Principal): boolean {
  return actor.organisationId === `lansstyrelsen-${actor.countyCode}`;
}

/** Only Länsstyrelsen keeps its county's faith-community list (an org-admin of a municipality does not). */
export function assertKeepsFaithCommunities(actor: Principal, countyCode: string): void {
  assertCounty(actor, countyCode);
  if (!isCountyBoard(actor)) throw new ForbiddenError("Länsstyrelsen keeps the faith-community list.");
}

/**
 * POSOM/PKL leads of the county read the list; of the administrators, only Länsstyrelsen's own
 * (a municipality's org-admin manages accounts, not crisis support).
 */
export function assertReadsFaithCommunities(actor: Principal, countyCode: string): void {
  assertCounty(actor, countyCode);
  const lead = actor.roles.some((r) => r === "posom-lead" || r === "pkl-lead" || r === "county-observer");
  if (!lead && !isCountyBoard(actor))
    throw new ForbiddenError("The faith-community list is for POSOM and PKL leads.");
}
