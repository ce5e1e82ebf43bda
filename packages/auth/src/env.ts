import { z } from "zod";
import type { ClaimMapping } from "./claims.ts";
import { createTokenVerifier, type TokenVerifier } from "./verifier.ts";

const claimPath = z
  .string()
  .regex(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, "must be a claim name or dotted path");
const originList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url().regex(/^https?:\/\/[^/]+$/, "must be an origin like https://host:port")));

/**
 * The variables a service reads to verify tokens and to serve browsers. Merge with the shared ones:
 * `serviceEnv.extend(authEnv.shape)`.
 *
 * OIDC_ISSUER has no default on purpose: a service must be told whom to trust (the launcher points
 * it at the development issuer).
 */
export const authEnv = z.object({
  OIDC_ISSUER: z.url(),
  OIDC_AUDIENCE: z.string().min(1).default("krisstod"),
  /** Default: `jwks_uri` from `<OIDC_ISSUER>/.well-known/openid-configuration`. */
  OIDC_JWKS_URL: z.url().optional(),
  OIDC_USER_CLAIM: claimPath.default("sub"),
  OIDC_NAME_CLAIM: claimPath.default("name"),
  OIDC_ORG_CLAIM: claimPath.default("org"),
  OIDC_COUNTY_CLAIM: claimPath.default("county"),
  /** e.g. `realm_access.roles` for Keycloak realm roles. */
  OIDC_ROLES_CLAIM: claimPath.default("roles"),
  OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Comma-separated browser origins allowed to call the service; default: the dashboard in dev. */
  CORS_ORIGINS: originList.default(["http://127.0.0.1:5173", "http://localhost:5173"]),
});
export type AuthEnvVars = z.infer<typeof authEnv>;

/** For the service that signs call-out answer links (HS256 needs at least 256 bits of secret). */
export const answerLinkEnv = z.object({
  ANSWER_LINK_SECRET: z.string().min(32, "must be at least 32 characters"),
});

export function claimMappingFromEnv(env: AuthEnvVars): ClaimMapping {
  return {
    userId: env.OIDC_USER_CLAIM,
    name: env.OIDC_NAME_CLAIM,
    organisationId: env.OIDC_ORG_CLAIM,
    countyCode: env.OIDC_COUNTY_CLAIM,
    roles: env.OIDC_ROLES_CLAIM,
  };
}

export function verifierFromEnv(env: AuthEnvVars): TokenVerifier {
  return createTokenVerifier({
    issuer: env.OIDC_ISSUER,
    audience: env.OIDC_AUDIENCE,
    ...(env.OIDC_JWKS_URL ? { jwksUrl: env.OIDC_JWKS_URL } : {}),
    claimMapping: claimMappingFromEnv(env),
    clockToleranceSeconds: env.OIDC_CLOCK_TOLERANCE_SECONDS,
  });
}
