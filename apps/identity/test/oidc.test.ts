import { createHash, randomBytes } from "node:crypto";
import { createTokenVerifier } from "@krisstod/auth";
import { demoUsers, findDemoUser } from "@krisstod/contracts/demo";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type RunningIdentity, startIdentity } from "../src/index.ts";

// The development issuer as an OpenID provider, spoken to as the dashboard's oidc-client-ts does:
// authorization code + PKCE through the login page, then the token endpoint.

const ORIGIN = "http://127.0.0.1:5173";
const REDIRECT_URI = `${ORIGIN}/auth/callback`;
const TTL_SECONDS = 7;
let identity: RunningIdentity;

const Discovery = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  end_session_endpoint: z.url(),
  jwks_uri: z.url(),
  code_challenge_methods_supported: z.array(z.string()),
  grant_types_supported: z.array(z.string()),
});
let discovery: z.infer<typeof Discovery>;

const Tokens = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  id_token: z.string(),
  expires_in: z.number(),
});

beforeAll(async () => {
  identity = await startIdentity({
    IDENTITY_PORT: 0,
    LOG_LEVEL: "silent",
    CORS_ORIGINS: [ORIGIN],
    IDENTITY_ACCESS_TOKEN_TTL_SECONDS: TTL_SECONDS,
  });
  discovery = Discovery.parse(await (await fetch(`${identity.url}/.well-known/openid-configuration`)).json());
});
afterAll(() => identity?.close());

/** A browser in miniature: follows nothing by itself, keeps the issuer's cookies. */
function browser() {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(new URL(url, identity.url), { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
}

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL(discovery.authorization_endpoint);
  const all = {
    client_id: "krisstod-dashboard",
    response_type: "code",
    scope: "openid profile",
    redirect_uri: REDIRECT_URI,
    state: "s1",
    ...params,
  };
  for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
  return url.href;
}

/** Signs `userId` in on the login page; the authorization code and the PKCE verifier that goes with it. */
async function authorize(userId: string): Promise<{ code: string; verifier: string; loginPage: string }> {
  const go = browser();
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  let response = await go(authorizeUrl({ code_challenge: challenge, code_challenge_method: "S256" }));
  expect(response.status).toBe(303);
  response = await go(response.headers.get("location") ?? "");
  const loginPage = await response.text();
  const action = /action="([^"]+)"/.exec(loginPage)?.[1] ?? "";
  response = await go(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ userId }),
  });
  let location = response.headers.get("location") ?? "";
  while (!location.startsWith(REDIRECT_URI)) {
    response = await go(location);
    expect(response.status, await response.clone().text()).toBeLessThan(400);
    location = response.headers.get("location") ?? "";
  }
  const back = new URL(location);
  expect(back.searchParams.get("state")).toBe("s1");
  return { code: back.searchParams.get("code") ?? "", verifier, loginPage };
}

function token(body: Record<string, string>) {
  return fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    body: new URLSearchParams({ client_id: "krisstod-dashboard", ...body }),
  });
}
const exchange = (code: string, verifier: string) =>
  token({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: REDIRECT_URI });

describe("the development issuer as an OpenID provider", () => {
  it("publishes discovery for authorization code with PKCE (S256), refresh tokens and end session", () => {
    expect(discovery).toMatchObject({
      issuer: identity.issuer,
      jwks_uri: `${identity.issuer}/jwks`,
      code_challenge_methods_supported: ["S256"],
    });
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining(["authorization_code", "refresh_token"]),
    );
    // The pick-a-user shortcut keeps /token; the real token endpoint is elsewhere.
    expect(discovery.token_endpoint).toBe(`${identity.issuer}/oauth/token`);
  });

  it("lists every demo user on its login page, under their organisation", async () => {
    const { loginPage } = await authorize("kommun-1381.posom-lead");
    for (const user of demoUsers) expect(loginPage).toContain(user.name);
    expect(loginPage).toContain("Laholms kommun");
  });

  it("issues JWT access tokens with the same claims as the shortcut's, for the configured lifetime, which services verify", async () => {
    const user = findDemoUser("kommun-1381.activator");
    const { code, verifier } = await authorize("kommun-1381.activator");
    const response = await exchange(code, verifier);
    expect(response.status).toBe(200);
    // The browser may read the answer (CORS for the dashboard's origin), and nothing caches it.
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const tokens = Tokens.parse(await response.json());
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    const claims = decodeJwt(tokens.access_token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(TTL_SECONDS);
    expect(claims).toMatchObject({ iss: identity.issuer, aud: "krisstod", client_id: "krisstod-dashboard" });
    const verified = await createTokenVerifier({ issuer: identity.issuer, audience: "krisstod" }).verify(
      tokens.access_token,
    );
    expect(verified).toEqual({
      userId: "kommun-1381.activator",
      name: user?.name,
      organisationId: "kommun-1381",
      countyCode: "13",
      roles: ["activator"],
    });
  });

  it("renews with a refresh token, which can be used only once (rotation)", async () => {
    const { code, verifier } = await authorize("region-13.pkl-lead");
    const first = Tokens.parse(await (await exchange(code, verifier)).json());
    const renewed = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(renewed.status).toBe(200);
    const second = Tokens.parse(await renewed.json());
    expect(decodeJwt(second.access_token).sub).toBe("region-13.pkl-lead");
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const replayed = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a code used twice, and a code without its PKCE verifier", async () => {
    const { code, verifier } = await authorize("kommun-1380.posom-lead");
    const wrongVerifier = await exchange(code, randomBytes(32).toString("base64url"));
    expect(wrongVerifier.status).toBe(400);
    const again = await authorize("kommun-1380.posom-lead");
    expect((await exchange(again.code, again.verifier)).status).toBe(200);
    const replayed = await exchange(again.code, again.verifier);
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toMatchObject({ error: "invalid_grant" });
    expect(verifier).not.toBe(again.verifier);
  });

  it("requires PKCE: an authorisation request without a code challenge is sent back with an error", async () => {
    const response = await browser()(authorizeUrl({}));
    const back = new URL(response.headers.get("location") ?? "", identity.url);
    expect(back.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(back.searchParams.get("error")).toBe("invalid_request");
  });

  it("answers a login page whose sign-in is gone with 400 and a Swedish way back, not an error", async () => {
    for (const [method, path] of [
      ["GET", "/interaction/no-such-sign-in"],
      ["POST", "/interaction/no-such-sign-in/login"],
    ] as const) {
      const response = await fetch(`${identity.url}${path}`, {
        method,
        ...(method === "POST"
          ? { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "userId=x" }
          : {}),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Inloggningen har gått ut");
    }
  });

  it("refuses a redirect URI it does not know, without redirecting there", async () => {
    const response = await browser()(
      authorizeUrl({
        redirect_uri: "https://evil.example/auth/callback",
        code_challenge: "x".repeat(43),
        code_challenge_method: "S256",
      }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain("Inloggningen misslyckades");
  });
});
