import { CountyCode, OrganisationId, type Principal, Role } from "@krisstod/contracts";
import { z } from "zod";

/** Who is signed in, as the header and the screens need it: the access token's principal. */
export type SignedInUser = Principal;

/**
 * The claims of an access token in our terms. The names are the development issuer's and the
 * services' defaults (`OIDC_*_CLAIM`, see packages/auth/README.md); a real provider configured with
 * other claim names needs the same mapping here.
 */
const AccessTokenClaims = z.object({
  sub: z.string().min(1),
  name: z.string().min(1).optional(),
  org: OrganisationId,
  county: CountyCode,
  // Roles that are not Krisstöd roles are ignored, as the services do.
  roles: z
    .array(z.string())
    .transform((roles) => roles.flatMap((r) => (Role.safeParse(r).success ? [r as Role] : []))),
  exp: z.number().int().positive(),
});

/**
 * Reads (does not verify: the services do) the claims of a JWT access token. The dashboard only
 * uses them to show who is signed in and to pick the screens; every decision is the services'.
 */
export function readAccessToken(token: string): { principal: Principal; expiresAt: number } {
  const payload = token.split(".")[1];
  if (!payload) throw new Error("the access token is not a JWT");
  const json = new TextDecoder().decode(base64UrlDecode(payload));
  const claims = AccessTokenClaims.parse(JSON.parse(json));
  return {
    principal: {
      userId: claims.sub,
      name: claims.name ?? claims.sub,
      organisationId: claims.org,
      countyCode: claims.county,
      roles: claims.roles,
    },
    expiresAt: claims.exp * 1000,
  };
}

function base64UrlDecode(text: string): Uint8Array {
  const base64 = text
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export function hasRole(user: SignedInUser | undefined, ...roles: Role[]): boolean {
  return user?.roles.some((role) => roles.includes(role)) ?? false;
}
