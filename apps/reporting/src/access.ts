import { auditReviewPolicy } from "@krisstod/audit/review";
import { type AuthEnv, definePolicy, requirePrincipal, routeDeclarer } from "@krisstod/auth";
import { countyBoardOf, countyRoles, type Principal, type Role } from "@krisstod/contracts";
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
  "picture.read": { roles: countyRoles, scope: "own-county" },
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
  /**
   * The outcome of an evaluation goes back to the ledningsgrupp and the support persons (Laholm
   * 3.7), and up to whoever the organisation holds responsible for the follow-up, among its
   * authorised functions (Lekeberg: "Säkerhetschef ansvarar för uppföljning … samordnaren
   * rapporterar till säkerhetschefen"); so do the lessons and the yearly figures.
   */
  "evaluation-outcome.read": { roles: [...leads, "support-person", "activator"], scope: "own-organisation" },
  "lessons.read": { roles: [...leads, "county-observer", "org-admin", "activator"], scope: "own-county" },
  "statistics.read": { roles: [...leads, "county-observer", "org-admin", "activator"], scope: "own-county" },
  /** Länsstyrelsen keeps the county's faith-community contacts (its org-admin or county officer)… */
  "faith-communities.manage": { roles: ["org-admin", "county-observer"], scope: "own-county" },
  /** …and POSOM and PKL leads of the county read them (Halland: "Samverkan med trossamfund"). */
  "faith-communities.read": {
    roles: ["posom-lead", "pkl-lead", "county-observer", "org-admin"],
    scope: "own-county",
  },
  /** The county's settings of numbers the guideline does not give; Länsstyrelsen's admin changes them. */
  "county-settings.read": { roles: countyRoles, scope: "own-county" },
  "county-settings.change": { roles: ["org-admin"], scope: "own-county" },
  /** The organisation admin reviews who read and changed its people's logbooks and contacts. */
  ...auditReviewPolicy,
});
export type Action = keyof typeof policy.entries;

/**
 * Declares a route with its action and OpenAPI description, first in its Hono chain; the guard's
 * route table is derived from these declarations (a route without one stops the service).
 */
export const route = routeDeclarer(policy);

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
  return actor.organisationId === countyBoardOf(actor.countyCode);
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
