import { Principal, Problem } from "@krisstod/contracts";
import { makePrincipal, startTestIssuer, type TestIssuer } from "@krisstod/testing";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, keycloakClaimMapping } from "../src/index.ts";
import { createTestApp } from "./app.ts";

let issuer: TestIssuer;
let external: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
  external = await startTestIssuer();
});
afterAll(async () => {
  await issuer.close();
  await external.close();
});

const lead = makePrincipal({ userId: "u-1", name: "Karin Nilsson", roles: ["posom-lead"] });
const visitors = "/centres/halmstad/visitors";

function appFor(i: TestIssuer, options: { jwksUrl?: string } = {}) {
  return createTestApp(createTokenVerifier({ issuer: i.issuer, audience: "krisstod", ...options }));
}
async function body(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}
function get(app: ReturnType<typeof appFor>, path: string, token?: string) {
  return app.request(path, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
}

describe("authentication", () => {
  it("turns a valid token into the principal (keys found by OIDC discovery)", async () => {
    const response = await get(appFor(issuer), visitors, await issuer.mint(lead));
    expect(response.status).toBe(200);
    expect(Principal.parse((await body(response)).principal)).toEqual(lead);
  });

  it("uses an explicitly configured JWKS URL", async () => {
    const app = appFor(issuer, { jwksUrl: issuer.jwksUrl });
    expect((await get(app, visitors, await issuer.mint(lead))).status).toBe(200);
  });

  it("refuses a request without a token with 401 problem+json and WWW-Authenticate", async () => {
    const response = await get(appFor(issuer), visitors);
    expect(response.status).toBe(401);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    expect(response.headers.get("WWW-Authenticate")).toBe("Bearer");
    expect(await response.json()).toMatchObject({ status: 401, title: "Unauthorized" });
  });

  it("refuses a non-bearer Authorization header", async () => {
    const app = appFor(issuer);
    const response = await app.request(visitors, { headers: { Authorization: "Basic dTpw" } });
    expect(response.status).toBe(401);
  });

  it("refuses a tampered token (payload changed, signature kept)", async () => {
    const [header, payload, signature] = (await issuer.mint(lead)).split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ["org-admin"], org: "kommun-1383" }));
    const response = await get(
      appFor(issuer),
      visitors,
      `${header}.${forged.toString("base64url")}.${signature}`,
    );
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toContain("invalid_token");
  });

  it("refuses an expired token", async () => {
    const response = await get(appFor(issuer), visitors, await issuer.mint(lead, { expiresIn: -120 }));
    expect(response.status).toBe(401);
    expect(Problem.parse(await response.json()).detail).toMatch(/expired/);
  });

  it("accepts a token expired within the small clock tolerance", async () => {
    const response = await get(appFor(issuer), visitors, await issuer.mint(lead, { expiresIn: -5 }));
    expect(response.status).toBe(200);
  });

  it("a token verified once is refused as soon as it expires (the verified-token cache never outlives it)", async () => {
    const verifier = createTokenVerifier({
      issuer: issuer.issuer,
      audience: "krisstod",
      clockToleranceSeconds: 0,
    });
    // `exp` is whole seconds: a token minted for 1 s may expire at once (at .999 of a second), so
    // the first checks could already come after it on a loaded machine. Three leave at least two.
    const token = await issuer.mint(lead, { expiresIn: 3 });
    expect(await verifier.verify(token)).toEqual(lead);
    // Again from the cache, then past `exp` the same token is refused.
    expect(await verifier.verify(token)).toEqual(lead);
    const exp = (
      JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { exp: number }
    ).exp;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 50));
    await expect(verifier.verify(token)).rejects.toThrow(/expired/);
  });

  it("a principal changed by one request does not reach the next request with the same token", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: "krisstod" });
    const token = await issuer.mint(lead);
    const first = await verifier.verify(token);
    first.roles.push("org-admin");
    first.organisationId = "kommun-1384";
    expect(await verifier.verify(token)).toEqual(lead);
  });

  it("refuses a token issued an hour in the future (iat beyond the clock skew)", async () => {
    const response = await get(
      appFor(issuer),
      visitors,
      await issuer.mint(lead, { issuedIn: 3600, expiresIn: 7200 }),
    );
    expect(response.status).toBe(401);
    expect(Problem.parse(await response.json()).detail).toMatch(/iat/);
  });

  it("accepts a token issued a few seconds ahead, within the clock skew", async () => {
    const response = await get(appFor(issuer), visitors, await issuer.mint(lead, { issuedIn: 10 }));
    expect(response.status).toBe(200);
  });

  it("refuses a token for another audience", async () => {
    const response = await get(
      appFor(issuer),
      visitors,
      await issuer.mint(lead, { audience: "someone-else" }),
    );
    expect(response.status).toBe(401);
    expect(Problem.parse(await response.json()).detail).toMatch(/aud/);
  });

  it("refuses a token naming another issuer, even when signed with the trusted key", async () => {
    const response = await get(
      appFor(issuer),
      visitors,
      await issuer.mint(lead, { issuer: "https://evil.example" }),
    );
    expect(response.status).toBe(401);
  });

  it("refuses garbage and alg=none tokens", async () => {
    const app = appFor(issuer);
    expect((await get(app, visitors, "not-a-jwt")).status).toBe(401);
    expect((await get(app, visitors, "a.b.c")).status).toBe(401);
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(
      JSON.stringify({
        sub: "x",
        org: "kommun-1380",
        county: "13",
        roles: ["posom-lead"],
        iss: issuer.issuer,
        aud: "krisstod",
        exp: 9e9,
      }),
    ).toString("base64url")}.`;
    expect((await get(app, visitors, none)).status).toBe(401);
  });

  it("refuses an HS256 token (no shared secrets with the issuer)", async () => {
    const token = await new SignJWT({ org: "kommun-1380", county: "13", roles: ["posom-lead"] })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(issuer.issuer)
      .setAudience("krisstod")
      .setSubject("x")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode("a-secret-that-is-long-enough-for-hs256!!"));
    expect((await get(appFor(issuer), visitors, token)).status).toBe(401);
  });

  it("refuses a token whose organisation claim is missing", async () => {
    const token = await issuer.mint(lead, { claims: { org: undefined } });
    const response = await get(appFor(issuer), visitors, token);
    expect(response.status).toBe(401);
    expect(Problem.parse(await response.json()).detail).toMatch(/organisation/);
  });

  it("answers 503, not 401, when the issuer cannot be reached", async () => {
    const verifier = createTokenVerifier({ issuer: "http://127.0.0.1:1", audience: "krisstod" });
    const response = await get(createTestApp(verifier), visitors, await issuer.mint(lead));
    expect(response.status).toBe(503);
  });
});

describe("an external issuer (a second key set)", () => {
  it("is accepted when configured as the issuer", async () => {
    const response = await get(appFor(external), visitors, await external.mint(lead));
    expect(response.status).toBe(200);
  });

  it("is refused when not configured, even with a matching iss claim", async () => {
    // Signed by the external key set but claiming the configured issuer: the signature fails.
    const token = await external.mint(lead, { issuer: issuer.issuer });
    expect((await get(appFor(issuer), visitors, token)).status).toBe(401);
    // And claiming its own issuer: the issuer check fails.
    expect((await get(appFor(issuer), visitors, await external.mint(lead))).status).toBe(401);
  });

  it("maps Keycloak realm roles when configured", async () => {
    const verifier = createTokenVerifier({
      issuer: external.issuer,
      audience: "krisstod",
      claimMapping: keycloakClaimMapping,
    });
    const token = await external.mint(lead, {
      claims: {
        roles: undefined,
        realm_access: { roles: ["offline_access", "posom-lead", "uma_authorization"] },
      },
    });
    expect(await verifier.verify(token)).toEqual(lead);
  });

  it("a key that the issuer never published is refused", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const token = await new SignJWT({ org: "kommun-1380", county: "13", roles: ["posom-lead"] })
      .setProtectedHeader({ alg: "ES256", kid: "unknown" })
      .setIssuer(issuer.issuer)
      .setAudience("krisstod")
      .setSubject("x")
      .setExpirationTime("5m")
      .sign(privateKey);
    expect((await get(appFor(issuer), visitors, token)).status).toBe(401);
  });
});
