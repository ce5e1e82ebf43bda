import { may } from "./auth/permissions.ts";
import type { SignedInUser } from "./auth/session.ts";
import { hasRole } from "./auth/session.ts";

/** Every screen's path, in one place (links, routes and tests use these). */
export const paths = {
  overview: "/",
  /** MSB's national picture (#23). */
  national: "/nationell",
  incidents: "/handelser",
  mine: "/mitt-uppdrag",
  activation: "/aktivering",
  mutualAid: "/omsesidigt-stod",
  centres: "/stodcentrum",
  region: "/region",
  logbook: "/loggbok",
  reports: "/lagesrapporter",
  afterWork: "/efterarbete",
  callLists: "/larmlistor",
  readiness: "/beredskap",
  faith: "/trossamfund",
  statistics: "/statistik",
  audit: "/granskning",
  settings: "/installningar",
  /** The answer link of a call-out, as the activation service writes it (see AnswerScreen). */
  answer: "/call-outs/:activationId/answer",
} as const;

export type Screen = Exclude<keyof typeof paths, "answer">;

const isMunicipalityOrRegion = (user: SignedInUser) =>
  user.organisationId.startsWith("kommun-") || user.organisationId.startsWith("region-");
const isCountyBoard = (user: SignedInUser) => user.organisationId.startsWith("lansstyrelsen-");
/** MSB's national observer and no county role: the national picture is all there is (NationalShell). */
export const nationalOnly = (user: SignedInUser) =>
  user.roles.length > 0 && user.roles.every((role) => role === "national-observer");

/**
 * Which screens a user's roles lead to, in menu order. The services still decide every request;
 * this only keeps screens away that would answer "not allowed" (the policies in apps/*).
 */
const rules: Record<Screen, (user: SignedInUser) => boolean> = {
  // The county's picture: every county role; not MSB, which belongs to no county.
  overview: (u) => !nationalOnly(u),
  national: (u) => hasRole(u, "national-observer"),
  // Open, change and close the organisation's incidents.
  incidents: (u) => may(u, "incident.open") || may(u, "incident.close"),
  // A support person's own accepted call-outs and logbook (GET /me/assignments), and — for centre
  // staff too — their own debrief offers (Laholm 3.7 "alla som deltagit i arbetet erbjudas stödsamtal").
  mine: (u) => hasRole(u, "support-person", "centre-staff"),
  activation: (u) => hasRole(u, "posom-lead", "ledningsgrupp", "activator", "pkl-lead", "region-tib"),
  mutualAid: (u) => hasRole(u, "posom-lead", "ledningsgrupp", "pkl-lead", "county-observer"),
  centres: (u) =>
    hasRole(u, "posom-lead", "pkl-lead", "region-tib", "ledningsgrupp", "centre-staff", "support-person"),
  region: (u) => u.organisationId.startsWith("region-") && hasRole(u, "region-tib", "pkl-lead"),
  logbook: (u) =>
    isMunicipalityOrRegion(u) &&
    hasRole(u, "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib", "support-person"),
  reports: (u) => hasRole(u, "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib", "county-observer"),
  afterWork: (u) =>
    isMunicipalityOrRegion(u) && hasRole(u, "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib"),
  callLists: (u) =>
    isMunicipalityOrRegion(u) && hasRole(u, "posom-lead", "pkl-lead", "ledningsgrupp", "org-admin"),
  readiness: (u) => hasRole(u, "county-observer", "posom-lead", "pkl-lead", "region-tib", "org-admin"),
  faith: (u) =>
    hasRole(u, "county-observer", "posom-lead", "pkl-lead") || (isCountyBoard(u) && hasRole(u, "org-admin")),
  statistics: (u) =>
    hasRole(
      u,
      "posom-lead",
      "ledningsgrupp",
      "pkl-lead",
      "region-tib",
      "county-observer",
      "org-admin",
      "activator",
    ),
  // The audit trails' verification and export: the organisation's admin (audit.verify in each policy).
  audit: (u) => hasRole(u, "org-admin"),
  // The county's settings: read by Länsstyrelsen and every organisation's admin, changed by
  // Länsstyrelsen's admin (county-settings.change and the county-board check in each service).
  settings: (u) => hasRole(u, "org-admin", "county-observer"),
};

export function screensFor(user: SignedInUser): Screen[] {
  return (Object.keys(rules) as Screen[]).filter((screen) => rules[screen](user));
}
