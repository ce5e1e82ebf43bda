import { createServiceApp, listen, type RunningServer } from "@krisstod/http";
import { createLogger } from "@krisstod/logging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEnv, rateLimit, strictCors, trustedProxies } from "../src/index.ts";

function appWith(middleware: ReturnType<typeof rateLimit>) {
  const app = createServiceApp({ service: "test", logger: createLogger("test", "silent"), readiness: {} });
  app.post("/token", middleware, (c) => c.json({ ok: true }));
  app.get("/other", (c) => c.json({ ok: true }));
  return app;
}

describe("rate limit (sliding window)", () => {
  it("answers 429 problem+json with Retry-After past the limit, and lets requests through again as the window slides", async () => {
    let now = 1_000_000;
    const app = appWith(rateLimit({ name: "sign-in", limit: 3, windowMs: 60_000, now: () => now }));
    for (let i = 0; i < 3; i++) {
      expect((await app.request("/token", { method: "POST" })).status).toBe(200);
      now += 10_000;
    }
    const refused = await app.request("/token", { method: "POST" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Content-Type")).toBe("application/problem+json");
    expect(refused.headers.get("Retry-After")).toBe("30");
    // Other routes are not limited by this one.
    expect((await app.request("/other")).status).toBe(200);
    // After the first hit leaves the window one more is allowed, not a whole new window.
    now = 1_000_000 + 60_001;
    expect((await app.request("/token", { method: "POST" })).status).toBe(200);
    expect((await app.request("/token", { method: "POST" })).status).toBe(429);
  });

  it("keys by client", async () => {
    const limiter = rateLimit({
      name: "answer-link",
      limit: 1,
      windowMs: 60_000,
      keyOf: (c) => c.req.header("X-Test-Client") ?? "none",
    });
    const app = appWith(limiter);
    const from = (client: string) =>
      app.request("/token", { method: "POST", headers: { "X-Test-Client": client } });
    expect((await from("a")).status).toBe(200);
    expect((await from("a")).status).toBe(429);
    expect((await from("b")).status).toBe(200);
  });

  describe("over real HTTP, keyed by peer address", () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await listen(appWith(rateLimit({ name: "sign-in", limit: 2, windowMs: 60_000 })), {
        port: 0,
        hostname: "127.0.0.1",
      });
    });
    afterAll(() => server.close());

    it("limits one address", async () => {
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await fetch(`${server.url}/token`, { method: "POST" })).status);
      expect(statuses).toEqual([200, 200, 429]);
    });
  });
});

describe("trusted proxies", () => {
  it("takes addresses and CIDR ranges of both families, and names an entry that is neither", () => {
    const list = trustedProxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8"]);
    expect(list.check("10.1.2.3", "ipv4")).toBe(true);
    expect(list.check("11.1.2.3", "ipv4")).toBe(false);
    expect(list.check("fd00::1", "ipv6")).toBe(true);
    expect(() => trustedProxies(["proxy.local"])).toThrow(/proxy.local/);
    expect(() => trustedProxies(["10.0.0.0/33"])).toThrow(/prefix/);
  });
});

describe("strict CORS", () => {
  const app = createServiceApp({ service: "test", logger: createLogger("test", "silent"), readiness: {} });
  app.use(strictCors(["http://127.0.0.1:5173"]));
  app.get("/data", (c) => c.json({ ok: true }));

  it("allows the configured origin, with Authorization in a preflight", async () => {
    const preflight = await app.request("/data", {
      method: "OPTIONS",
      headers: {
        Origin: "http://127.0.0.1:5173",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
      },
    });
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("http://127.0.0.1:5173");
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toMatch(/Authorization/);
    expect(preflight.headers.get("Access-Control-Allow-Credentials")).toBeNull();
  });

  it("lets the configured origin read an answer and its exposed headers, errors included", async () => {
    for (const path of ["/data", "/missing"]) {
      const response = await app.request(path, { headers: { Origin: "http://127.0.0.1:5173" } });
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("http://127.0.0.1:5173");
      expect(response.headers.get("Access-Control-Expose-Headers")).toBe("X-Request-Id,Location,Retry-After");
      expect(response.headers.get("Vary")).toBe("Origin");
      expect(response.headers.get("X-Request-Id")).toBeTruthy();
    }
    const same = await app.request("/data");
    expect(same.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(same.headers.get("Vary")).toBe("Origin");
    expect(await same.json()).toEqual({ ok: true });
  });

  it("gives any other origin no CORS headers", async () => {
    const response = await app.request("/data", { headers: { Origin: "https://evil.example" } });
    expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("auth environment", () => {
  it("has safe defaults and needs an issuer", () => {
    expect(authEnv.safeParse({}).success).toBe(false);
    const env = authEnv.parse({ OIDC_ISSUER: "https://idp.example.se/realms/halland" });
    expect(env).toMatchObject({
      OIDC_AUDIENCE: "krisstod",
      OIDC_ROLES_CLAIM: "roles",
      OIDC_ORG_CLAIM: "org",
    });
    expect(env.CORS_ORIGINS).toContain("http://localhost:5173");
  });

  it("reads a comma-separated origin list and rejects paths", () => {
    const env = authEnv.parse({
      OIDC_ISSUER: "https://idp.example.se",
      CORS_ORIGINS: "https://a.se, https://b.se:8443",
    });
    expect(env.CORS_ORIGINS).toEqual(["https://a.se", "https://b.se:8443"]);
    expect(
      authEnv.safeParse({ OIDC_ISSUER: "https://idp.example.se", CORS_ORIGINS: "https://a.se/x" }).success,
    ).toBe(false);
  });
});
