import type { Principal } from "@krisstod/contracts";
import { ServiceUnavailableError, UnauthorizedError } from "@krisstod/http";
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import { z } from "zod";
import { type ClaimMapping, defaultClaimMapping, principalFromClaims } from "./claims.ts";

export interface TokenVerifierOptions {
  /** Exact `iss` the tokens must carry, e.g. `https://idp.example.se/realms/halland`. */
  issuer: string;
  /** The `aud` this service accepts (one of, when several). */
  audience: string | readonly string[];
  /**
   * Where the signing keys are. Default: OIDC discovery, i.e. `jwks_uri` from
   * `<issuer>/.well-known/openid-configuration`, fetched on first use.
   */
  jwksUrl?: string;
  /** Where the principal's fields are in the claims; see {@link ClaimMapping}. */
  claimMapping?: Partial<ClaimMapping>;
  /** Allowed clock skew between issuer and service when checking exp/nbf/iat. Default 30 s. */
  clockToleranceSeconds?: number;
  /**
   * How long a token once verified is accepted again without checking its signature (never past
   * its expiry). Default 60 s; 0 turns the cache off. Bounds how long a key withdrawn from the
   * issuer's key set keeps working for tokens already seen.
   */
  verifiedCacheSeconds?: number;
}

export interface TokenVerifier {
  /**
   * Verifies signature, issuer, audience and expiry, then maps the claims.
   * @throws UnauthorizedError for any token that is not good (401)
   * @throws ServiceUnavailableError when the issuer's keys cannot be fetched (503): an identity
   * provider outage is not the caller's fault.
   */
  verify(token: string): Promise<Principal>;
}

// Asymmetric algorithms only: a service holds no shared secret with the issuer, and refusing HS*
// rules out the "public key used as HMAC secret" confusion.
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

const DiscoveryDocument = z.object({ issuer: z.string(), jwks_uri: z.url() });

/** Builds a verifier for one issuer. Keys are fetched lazily and cached (jose refetches on unknown kid). */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const mapping: ClaimMapping = { ...defaultClaimMapping, ...options.claimMapping };
  let keySet: Promise<JWTVerifyGetKey> | undefined;

  const keys = (): Promise<JWTVerifyGetKey> => {
    keySet ??= resolveJwksUrl(options).then((url) =>
      createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, cooldownDuration: 30_000 }),
    );
    // A failed discovery must not be cached: the next request tries again.
    keySet.catch(() => {
      keySet = undefined;
    });
    return keySet;
  };

  const tolerance = options.clockToleranceSeconds ?? 30;
  const verified = new VerifiedTokens(options.verifiedCacheSeconds ?? 60);

  return {
    async verify(token) {
      const known = verified.get(token);
      if (known) return known;
      let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
      try {
        const { payload: verified } = await jwtVerify(token, await keys(), {
          issuer: options.issuer,
          audience: typeof options.audience === "string" ? options.audience : [...options.audience],
          algorithms: ALGORITHMS,
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ["exp", "sub"],
        });
        payload = verified;
      } catch (error) {
        throw translate(error);
      }
      assertIssuedInThePast(payload.iat, tolerance);
      const principal = principalFromClaims(payload, mapping);
      verified.set(token, principal, ((payload.exp as number) + tolerance) * 1000);
      return principal;
    },
  };
}

/**
 * Tokens verified a moment ago, by their exact text. A staff terminal sends the same token with
 * every request for its lifetime, and an ECDSA/RSA signature check costs about a millisecond of CPU
 * (the largest single cost of a registration in the profiles, bench/PROFILES.md): verifying each
 * token once per `seconds` instead changes nothing a caller can tell, since the same bytes always
 * verify the same way. An entry ends at the token's expiry (with the same clock tolerance jose
 * applies) or after `seconds`, whichever is first; the map is bounded, oldest entries go first.
 * Only successes are kept: a refused token is checked again each time.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();
  private static readonly MAX_ENTRIES = 10_000;

  constructor(private readonly seconds: number) {}

  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (Date.now() >= entry.until) {
      this.entries.delete(token);
      return undefined;
    }
    // A copy: a handler that changes its principal must not change the next request's.
    return { ...entry.principal, roles: [...entry.principal.roles] };
  }

  set(token: string, principal: Principal, expiresAt: number): void {
    if (this.seconds <= 0) return;
    if (this.entries.size >= VerifiedTokens.MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const until = Math.min(expiresAt, Date.now() + this.seconds * 1000);
    this.entries.set(token, { principal: { ...principal, roles: [...principal.roles] }, until });
  }
}

/**
 * jose checks `iat` only when a maximum token age is set; a token "issued" in the future means a
 * wrong issuer clock or a token minted to outlive its intended lifetime, so it is refused beyond
 * the same skew that exp/nbf allow.
 */
export function assertIssuedInThePast(iat: unknown, toleranceSeconds: number, now = Date.now()): void {
  if (iat === undefined) return;
  if (typeof iat !== "number" || !Number.isFinite(iat) || iat > now / 1000 + toleranceSeconds) {
    throw new UnauthorizedError("The access token's iat claim is not accepted (issued in the future).");
  }
}

async function resolveJwksUrl(options: TokenVerifierOptions): Promise<string> {
  if (options.jwksUrl) return options.jwksUrl;
  const url = `${options.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new ServiceUnavailableError(`The identity provider cannot be reached (${describe(error)}).`);
  }
  if (!response.ok) {
    throw new ServiceUnavailableError(`The identity provider's discovery answered ${response.status}.`);
  }
  const document = DiscoveryDocument.safeParse(await response.json().catch(() => undefined));
  if (!document.success) {
    throw new ServiceUnavailableError("The identity provider's discovery document has no jwks_uri.");
  }
  // OIDC Discovery §4.3: the document must name the issuer it was fetched for.
  if (document.data.issuer !== options.issuer) {
    throw new ServiceUnavailableError("The identity provider's discovery document names another issuer.");
  }
  return document.data.jwks_uri;
}

/** jose's error kinds → a 401 the caller can act on, or a 503 when the keys are unavailable. */
function translate(error: unknown): Error {
  if (error instanceof UnauthorizedError || error instanceof ServiceUnavailableError) return error;
  if (error instanceof errors.JWTExpired) return new UnauthorizedError("The access token has expired.");
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new UnauthorizedError(`The access token's ${error.claim} claim is not accepted.`);
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported
  ) {
    return new UnauthorizedError("The access token is not valid.");
  }
  return new ServiceUnavailableError(`The identity provider's keys are unavailable (${describe(error)}).`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : "unknown error";
}
