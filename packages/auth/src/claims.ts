import { CountyCode, OrganisationId, type Principal, Role } from "@krisstod/contracts";
import { UnauthorizedError } from "@krisstod/http";
import type { JWTPayload } from "jose";

/**
 * Where each principal field is found in an access token's claims. A value is a claim name or a
 * dotted path into nested claims, so any OIDC provider can be mapped without code:
 *
 * | field          | default  | Keycloak example              | Entra ID example |
 * | -------------- | -------- | ----------------------------- | ---------------- |
 * | userId         | `sub`    | `sub`                         | `oid`            |
 * | name           | `name`   | `name`                        | `name`           |
 * | organisationId | `org`    | `org` (user attribute mapper) | `extension_org`  |
 * | countyCode     | `county` | `county`                      | `extension_county` |
 * | roles          | `roles`  | `realm_access.roles` or `resource_access.krisstod.roles` | `roles` |
 *
 * Roles the provider sends that are not Krisstöd roles (Keycloak's `offline_access`,
 * `default-roles-…`) are ignored, so a principal may end up with no roles: authenticated, yet
 * allowed nothing.
 */
export interface ClaimMapping {
  userId: string;
  name: string;
  organisationId: string;
  countyCode: string;
  roles: string;
}

export const defaultClaimMapping: ClaimMapping = {
  userId: "sub",
  name: "name",
  organisationId: "org",
  countyCode: "county",
  roles: "roles",
};

/** Keycloak puts realm roles under `realm_access.roles`. */
export const keycloakClaimMapping: ClaimMapping = { ...defaultClaimMapping, roles: "realm_access.roles" };

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Turns verified claims into a principal; a token missing who or which organisation is refused. */
export function principalFromClaims(payload: JWTPayload, mapping: ClaimMapping): Principal {
  const userId = claimAt(payload, mapping.userId);
  if (typeof userId !== "string" || userId.length === 0) {
    throw new UnauthorizedError(`The access token has no user claim (${mapping.userId}).`);
  }
  const organisationId = OrganisationId.safeParse(claimAt(payload, mapping.organisationId));
  if (!organisationId.success) {
    throw new UnauthorizedError(
      `The access token has no valid organisation claim (${mapping.organisationId}).`,
    );
  }
  const countyCode = CountyCode.safeParse(claimAt(payload, mapping.countyCode));
  if (!countyCode.success) {
    throw new UnauthorizedError(`The access token has no valid county claim (${mapping.countyCode}).`);
  }
  const name = claimAt(payload, mapping.name);
  const rawRoles = claimAt(payload, mapping.roles);
  // Some providers send a single role as a string, or roles space-separated.
  const roleNames = Array.isArray(rawRoles)
    ? rawRoles
    : typeof rawRoles === "string"
      ? rawRoles.split(/[\s,]+/)
      : [];
  const roles = [
    ...new Set(
      roleNames.flatMap((r) => {
        const role = Role.safeParse(r);
        return role.success ? [role.data] : [];
      }),
    ),
  ];
  return {
    userId,
    // A token without a display name still identifies its user; show the id rather than refuse.
    name: typeof name === "string" && name.length > 0 ? name : userId,
    organisationId: organisationId.data,
    countyCode: countyCode.data,
    roles,
  };
}
