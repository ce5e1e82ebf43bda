import { ForbiddenError } from "@krisstod/http";
import type { MiddlewareHandler } from "hono";
import { type PrincipalEnv, principalOf } from "./identify.ts";
import type { Principal, Role } from "./principal.ts";

/**
 * Who may do what in this service: the one policy table (same shape as `definePolicy` of
 * `@krisstod/auth`, so wiring it is an import change). Roles are checked by `authorize` per route;
 * the organisation scope of each resource is checked in the handler once the resource is loaded:
 * - `operator`: the principal's organisation runs the centre (POSOM municipality or PKL region);
 * - `receiving-organisation`: the principal's organisation received the visitor;
 * - `any-organisation`: anyone with the role (counts only; suppressed below 5 for outsiders).
 */
export type Scope = "any-organisation" | "operator" | "receiving-organisation";

export interface PolicyEntry {
  readonly roles: readonly Role[];
  readonly scope: Scope;
}

const leads: Role[] = ["posom-lead", "pkl-lead", "region-tib"];
const centreWorkers: Role[] = ["posom-lead", "pkl-lead", "ledningsgrupp", "centre-staff", "support-person"];
const everyone: Role[] = [
  "county-observer",
  "region-tib",
  "pkl-lead",
  "posom-lead",
  "ledningsgrupp",
  "activator",
  "support-person",
  "centre-staff",
  "org-admin",
];

export const supportCentresPolicy = {
  "templates.list": { roles: everyone, scope: "any-organisation" },
  "centres.create": { roles: leads, scope: "operator" },
  "centres.list": { roles: everyone, scope: "any-organisation" },
  "centres.read": { roles: everyone, scope: "any-organisation" },
  "centres.change-status": { roles: leads, scope: "operator" },
  "shifts.plan": { roles: [...leads, "ledningsgrupp"], scope: "operator" },
  "shifts.list": { roles: centreWorkers, scope: "operator" },
  "shifts.clock": { roles: centreWorkers, scope: "operator" },
  "visitors.arrive": { roles: centreWorkers, scope: "receiving-organisation" },
  "visitors.list": { roles: centreWorkers, scope: "receiving-organisation" },
  "visitors.read": { roles: centreWorkers, scope: "receiving-organisation" },
  "visitors.depart": { roles: centreWorkers, scope: "receiving-organisation" },
  "children.link-guardian": { roles: centreWorkers, scope: "receiving-organisation" },
  "children.handover": { roles: centreWorkers, scope: "receiving-organisation" },
  "reunification.search": { roles: centreWorkers, scope: "receiving-organisation" },
  "reunification.match": { roles: centreWorkers, scope: "receiving-organisation" },
} as const satisfies Record<string, PolicyEntry>;

export type Action = keyof typeof supportCentresPolicy;

/** Every route of the service and its action (an authorisation matrix test is built from it). */
export const supportCentresRoutes: readonly { method: string; path: string; action: Action }[] = [
  { method: "GET", path: "/centre-templates", action: "templates.list" },
  { method: "POST", path: "/centres", action: "centres.create" },
  { method: "GET", path: "/centres", action: "centres.list" },
  { method: "GET", path: "/centres/:id", action: "centres.read" },
  { method: "POST", path: "/centres/:id/open", action: "centres.change-status" },
  { method: "POST", path: "/centres/:id/close", action: "centres.change-status" },
  { method: "POST", path: "/centres/:id/shifts", action: "shifts.plan" },
  { method: "GET", path: "/centres/:id/shifts", action: "shifts.list" },
  { method: "POST", path: "/centres/:id/shifts/:shiftId/check-in", action: "shifts.clock" },
  { method: "POST", path: "/centres/:id/shifts/:shiftId/check-out", action: "shifts.clock" },
  { method: "POST", path: "/centres/:id/visitors", action: "visitors.arrive" },
  { method: "GET", path: "/centres/:id/visitors", action: "visitors.list" },
  { method: "GET", path: "/centres/:id/visitors/:visitorId", action: "visitors.read" },
  { method: "POST", path: "/centres/:id/visitors/:visitorId/departure", action: "visitors.depart" },
  { method: "POST", path: "/centres/:id/visitors/:visitorId/guardian", action: "children.link-guardian" },
  { method: "POST", path: "/centres/:id/visitors/:visitorId/handovers", action: "children.handover" },
  { method: "POST", path: "/reunification/searches", action: "reunification.search" },
  { method: "POST", path: "/reunification/matches", action: "reunification.match" },
];

export function allows(principal: Principal, action: Action): boolean {
  const entry: PolicyEntry = supportCentresPolicy[action];
  return principal.roles.some((role) => entry.roles.includes(role));
}

/** Role check for one route; 403 otherwise. */
export function authorize(action: Action): MiddlewareHandler<PrincipalEnv> {
  return async (c, next) => {
    if (!allows(principalOf(c), action)) throw new ForbiddenError(`Your roles do not allow ${action}.`);
    await next();
  };
}
