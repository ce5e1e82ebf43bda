import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTokenVerifier } from "@krisstod/auth";
import { DemoUser, Role, TokenResponse } from "@krisstod/contracts";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { identityEnv, ProductionRefusedError, type RunningIdentity, startIdentity } from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "krisstod-identity-"));
const keyFile = join(dir, "signing-key.json");
let identity: RunningIdentity;

beforeAll(async () => {
  identity = await startIdentity({
    IDENTITY_PORT: 0,
    IDENTITY_KEY_FILE: keyFile,
    LOG_LEVEL: "silent",
    CORS_ORIGINS: ["http://127.0.0.1:5173"],
  });
});
afterAll(async () => {
  await identity.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(url: string, userId: string): Promise<Response> {
  return fetch(`${url}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userId }),
  });
}
async function tokenFor(url: string, userId: string): Promise<string> {
  const response = await signIn(url, userId);
  expect(response.status).toBe(200);
  return TokenResponse.parse(await response.json()).access_token;
}
async function listDemoUsers(): Promise<DemoUser[]> {
  return z.array(DemoUser).parse(await (await fetch(`${identity.url}/demo-users`)).json());
}

describe("development issuer", () => {
  it("lists demo users covering every role, in every Halland organisation, Laholm's fallback Båstad with Länsstyrelsen Skåne, and MSB", async () => {
    const users = await listDemoUsers();
    expect(new Set(users.flatMap((u) => u.roles))).toEqual(new Set(Role.options));
    expect(new Set(users.map((u) => u.organisationId))).toEqual(
      new Set([
        "lansstyrelsen-13",
        "region-13",
        "kommun-1315",
        "kommun-1380",
        "kommun-1381",
        "kommun-1382",
        "kommun-1383",
        "kommun-1384",
        "kommun-1278",
        "lansstyrelsen-12",
        // The national level (#23): MSB's national observer.
        "msb",
      ]),
    );
    expect(new Set(users.map((u) => u.userId)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.name)).size).toBe(users.length);
    // Laholm 3.1: "Halmstads eller Båstads POSOM" — Båstad and its Länsstyrelsen are in Skåne (12).
    const skane = new Set(["kommun-1278", "lansstyrelsen-12"]);
    // MSB belongs to no county ("00", no county's code).
    const countyOf = (id: string) => (id === "msb" ? "00" : skane.has(id) ? "12" : "13");
    expect(users.every((u) => u.countyCode === countyOf(u.organisationId))).toBe(true);
    for (const kommun of ["kommun-1315", "kommun-1384"]) {
      expect(users.filter((u) => u.organisationId === kommun).flatMap((u) => u.roles)).toEqual(
        expect.arrayContaining(["posom-lead", "ledningsgrupp", "activator", "support-person", "org-admin"]),
      );
    }
  });

  it("signs a demo user in with a token that createTokenVerifier accepts via discovery", async () => {
    const [user] = (await listDemoUsers()).filter((u) => u.userId === "kommun-1381.posom-lead");
    expect(user).toBeDefined();
    const verifier = createTokenVerifier({ issuer: identity.issuer, audience: "krisstod" });
    const principal = await verifier.verify(await tokenFor(identity.url, "kommun-1381.posom-lead"));
    expect(principal).toEqual({
      userId: user?.userId,
      name: user?.name,
      organisationId: "kommun-1381",
      countyCode: "13",
      roles: ["posom-lead"],
    });
  });

  it("issues tokens that last about eight hours and are not cached", async () => {
    const response = await signIn(identity.url, "region-13.region-tib");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = TokenResponse.parse(await response.json());
    expect(body.expires_in).toBe(8 * 3600);
    const claims = decodeJwt(body.access_token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(8 * 3600);
    expect(claims.aud).toBe("krisstod");
  });

  it("refuses an unknown demo user with 400 naming the field", async () => {
    const response = await signIn(identity.url, "kommun-9999.posom-lead");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: "userId" }] });
  });

  it("answers the dashboard's CORS preflight for sign-in", async () => {
    const response = await fetch(`${identity.url}/token`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://127.0.0.1:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("http://127.0.0.1:5173");
  });

  it("keeps its signing key across a restart, so tokens stay valid", async () => {
    const token = await tokenFor(identity.url, "kommun-1380.activator");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const restarted = await startIdentity({
      IDENTITY_PORT: 0,
      IDENTITY_KEY_FILE: keyFile,
      LOG_LEVEL: "silent",
      OIDC_ISSUER: identity.issuer,
    });
    try {
      const verifier = createTokenVerifier({
        issuer: identity.issuer,
        audience: "krisstod",
        jwksUrl: `${restarted.url}/jwks`,
      });
      expect((await verifier.verify(token)).userId).toBe("kommun-1380.activator");
    } finally {
      await restarted.close();
    }
  });

  it("rate-limits sign-in", async () => {
    const limited = await startIdentity({ IDENTITY_PORT: 0, LOG_LEVEL: "silent" });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++)
        statuses.push((await signIn(limited.url, "kommun-1380.posom-lead")).status);
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses[30]).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it("refuses to start with NODE_ENV=production", async () => {
    await expect(startIdentity({ IDENTITY_PORT: 0, NODE_ENV: "production" })).rejects.toBeInstanceOf(
      ProductionRefusedError,
    );
    const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
    const run = spawnSync(process.execPath, ["--import", "tsx", main], {
      env: { ...process.env, NODE_ENV: "production", IDENTITY_PORT: "0" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/refuses to run with NODE_ENV=production/);
  });

  it("defaults: port 4100, issuer on that port, audience krisstod", () => {
    const env = identityEnv.parse({});
    expect(env).toMatchObject({
      IDENTITY_PORT: 4100,
      OIDC_ISSUER: "http://127.0.0.1:4100",
      OIDC_AUDIENCE: "krisstod",
    });
    expect(env.IDENTITY_KEY_FILE).toMatch(/\.data\/identity\/signing-key\.json$/);
  });
});
