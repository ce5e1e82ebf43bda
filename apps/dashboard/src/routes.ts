import type { SignedInUser } from "./auth/session.ts";
import { hasRole } from "./auth/session.ts";

/** Every screen's path, in one place (links, routes and tests use these). */
export const paths = {
  overview: "/",
  activation: "/aktivering",
  statistics: "/statistik",
  centres: "/stodcentrum",
  /** The answer link of a call-out, as the activation service writes it (see AnswerScreen). */
  answer: "/call-outs/:activationId/answer",
} as const;

export type Screen = "overview" | "activation" | "centres" | "statistics";

/** The screens a user's roles lead to, in menu order; the services still decide every request. */
export function screensFor(user: SignedInUser): Screen[] {
  const screens: Screen[] = ["overview"];
  if (hasRole(user, "posom-lead", "ledningsgrupp", "activator", "pkl-lead", "region-tib")) {
    screens.push("activation");
  }
  if (
    hasRole(user, "posom-lead", "pkl-lead", "region-tib", "ledningsgrupp", "centre-staff", "support-person")
  ) {
    screens.push("centres");
  }
  if (
    hasRole(user, "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib", "county-observer", "org-admin")
  ) {
    screens.push("statistics");
  }
  return screens;
}
