export type { Principal, Role } from "@krisstod/contracts";
export {
  type AnswerLinkClaims,
  AnswerLinkError,
  type AnswerLinkFailure,
  type AnswerLinkSigner,
  type AnswerLinkTables,
  AnswerLinkUsedError,
  answerLinkTables,
  consumeAnswerLink,
  createAnswerLinkSigner,
} from "./answer-links.ts";
export {
  type AuthEnv,
  type AuthVariables,
  accessTokenOf,
  authenticate,
  requirePrincipal,
} from "./authenticate.ts";
export {
  type ClaimMapping,
  defaultClaimMapping,
  keycloakClaimMapping,
  principalFromClaims,
} from "./claims.ts";
export { type AuthEnvVars, answerLinkEnv, authEnv, claimMappingFromEnv, verifierFromEnv } from "./env.ts";
export {
  clientAddress,
  enforce,
  peerAddress,
  type RateLimitOptions,
  rateLimit,
  type SlidingWindow,
  slidingWindow,
  strictCors,
  trustedProxies,
  type Verdict,
} from "./hardening.ts";
export {
  assertAllowed,
  assertScope,
  authorize,
  definePolicy,
  defineRoutes,
  type GuardedEntry,
  guardRoutes,
  type HttpMethod,
  isPublic,
  matchRoute,
  type Policy,
  type PolicyEntry,
  type PublicEntry,
  type RouteRule,
  type Scope,
  type ScopedResource,
  scopeFilter,
} from "./policy.ts";
export {
  BEARER_SCHEME,
  declareRoute,
  type OpenApiDocument,
  type OpenApiInfo,
  openApiDocument,
  type RouteDoc,
  type RoutedApp,
  routeDeclarer,
  routeTableOf,
  type SuccessResponse,
  UndeclaredRouteError,
} from "./routes.ts";
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from "./verifier.ts";
