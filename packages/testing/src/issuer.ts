import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Principal } from "@krisstod/contracts";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

/**
 * A throwaway OIDC issuer for tests (own key pair, discovery and JWKS on a free port) that mints
 * access tokens for any principal, in the claim layout @krisstod/auth verifies.
 */
export interface TestIssuer {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string;
  /** Signs an access token for the principal with the default claim layout (sub, name, org, county, roles). */
  mint(principal: Principal, options?: MintOptions): Promise<string>;
  close(): Promise<void>;
}

export interface MintOptions {
  audience?: string;
  issuer?: string;
  /** Seconds from now; negative for an already expired token. Default 300. */
  expiresIn?: number;
  /** Seconds from now of the `iat` claim; positive for a token "issued" in the future. Default 0. */
  issuedIn?: number;
  /** Extra or replacing claims, e.g. `{ realm_access: { roles: [...] }, roles: undefined }`. */
  claims?: Record<string, unknown>;
}

export async function startTestIssuer(options: { audience?: string } = {}): Promise<TestIssuer> {
  const audience = options.audience ?? "krisstod";
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const kid = crypto.randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  let issuer = "";
  const server = createServer((request, response) => {
    const body =
      request.url === "/.well-known/openid-configuration"
        ? { issuer, jwks_uri: `${issuer}/jwks` }
        : request.url === "/jwks"
          ? { keys: [jwk] }
          : undefined;
    response.writeHead(body ? 200 : 404, { "Content-Type": "application/json" });
    response.end(JSON.stringify(body ?? { error: "not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    audience,
    mint: (principal, mint = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        name: principal.name,
        org: principal.organisationId,
        county: principal.countyCode,
        roles: principal.roles,
        ...mint.claims,
      })
        .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
        .setIssuer(mint.issuer ?? issuer)
        .setAudience(mint.audience ?? audience)
        .setSubject(principal.userId)
        .setIssuedAt(now + (mint.issuedIn ?? 0))
        .setExpirationTime(now + (mint.expiresIn ?? 300))
        .sign(privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A principal for tests: a Halmstad POSOM lead unless told otherwise. */
export function makePrincipal(overrides: Partial<Principal> = {}): Principal {
  return {
    userId: "test-user",
    name: "Testa Testsson",
    organisationId: "kommun-1380",
    countyCode: "13",
    roles: ["posom-lead"],
    ...overrides,
  };
}
