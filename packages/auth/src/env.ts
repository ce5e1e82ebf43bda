import { identityEnv } from "@krisstod/config";
import { z } from "zod";
import type { ClaimMapping } from "./claims.ts";
import { createTokenVerifier, type TokenVerifier } from "./verifier.ts";

/**
 * The variables a service reads to verify tokens and to serve browsers. They are part of every
 * service's environment (`serviceEnv` in @krisstod/config), defined there so that one schema
 * validates a service's whole environment at start.
 */
export const authEnv = identityEnv;
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
