import { type AuthEnv, assertScope, requirePrincipal } from "@krisstod/auth";
import type { Principal } from "@krisstod/contracts";
import type { Context } from "hono";
import { type RosterAction, rosterPolicy } from "./policy.ts";

/** The acting principal, after checking that the resource is within the action's scope for them. */
export function actingOn(
  c: Context<AuthEnv>,
  action: RosterAction,
  resource: { organisationId: string; countyCode: string },
): Principal {
  const principal = requirePrincipal(c);
  assertScope(principal, rosterPolicy.entries[action], resource);
  return principal;
}

export function orgResource(organisation: { id: string; countyCode: string }) {
  return { organisationId: organisation.id, countyCode: organisation.countyCode };
}
