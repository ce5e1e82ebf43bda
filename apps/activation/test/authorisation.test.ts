import {
  authorisationMatrix,
  guardMistakes,
  samplePath,
  sendMatrix,
  uncoveredRoutes,
} from "@krisstod/auth/testing";
import type { Role } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, makePrincipal, type TestNamespace } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { activationSettingsFrom } from "../src/env.ts";
import { createActivationParts } from "../src/parts.ts";
import { type Action, policy } from "../src/policy.ts";
import { createActivationService } from "../src/service.ts";

/** The policy table, generated into requests against the running service: every route × every role. */
describe("activation: who may do what", () => {
  let ns: TestNamespace;
  let service: RunningService;

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(createActivationService({ ANSWER_LINK_RATE_LIMIT: "10" }), ns.serviceEnv());
  });
  afterAll(() => service?.stop());

  const call = (method: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${service.url}${samplePath(path)}`, {
      method,
      headers: { "Content-Type": "application/json", ...headers },
      ...(method === "GET" ? {} : { body: "{}" }),
    });

  it("has an access rule for every route it serves, from the routes' declarations", () => {
    expect(service.routes.length).toBeGreaterThan(25);
    const parts = createActivationParts(service.context, activationSettingsFrom());
    expect(uncoveredRoutes(createApp(service.context, parts), service.routes)).toEqual([]);
  });

  it("answers 401 without a valid token on every route but the answer links and health checks", async () => {
    const expired = await ns.issuer.mint(makePrincipal(), { expiresIn: -120 });
    const results = await Promise.all(
      service.routes.map(async ({ method, path, action }) => {
        const open = "public" in policy.entries[action as Action];
        const [none, stale] = await Promise.all([
          call(method, path),
          call(method, path, { Authorization: `Bearer ${expired}` }),
        ]);
        await Promise.all([none.body?.cancel(), stale.body?.cancel()]);
        const unauthorised = none.status === 401 && stale.status === 401;
        return { label: `${method} ${path} → ${none.status}/${stale.status}`, ok: open !== unauthorised };
      }),
    );
    expect(results.filter((r) => !r.ok).map((r) => r.label)).toEqual([]);
    // The two answer-link routes (GET and POST /call-outs/:id/answer) are the public ones.
    expect(results.filter((r) => r.label.includes(" /call-outs/")).length).toBe(2);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
  });

  it("refuses every role the policy does not allow, on every route, and lets the others past", async () => {
    const tokens = new Map<Role, Promise<string>>();
    const tokenFor = (role: Role) => {
      const token = tokens.get(role) ?? ns.issuer.mint(makePrincipal({ roles: [role] }));
      tokens.set(role, token);
      return token;
    };
    const cases = authorisationMatrix(policy, service.routes);
    const results = await sendMatrix(service.url, cases, tokenFor);
    // Allowed roles get past the guard (then 200/400/404 from the handler); the rest get 403.
    expect(guardMistakes(results)).toEqual([]);
    expect(results.filter((r) => r.status === 403).length).toBeGreaterThan(20);
    expect(results.filter((r) => r.allowed && r.status === 200).length).toBeGreaterThan(0);
  });

  it("slows a client that tries answer links in bulk (429 with Retry-After)", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      const response = await call("POST", "/call-outs/:id/answer");
      await response.body?.cancel();
      statuses.push(response.status);
      retryAfter ??= response.headers.get("retry-after");
    }
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Signed-in routes are not limited by it.
    const lead = await ns.headers({ organisationId: "kommun-1380", roles: ["posom-lead"] });
    expect((await call("GET", "/incidents", lead)).status).toBe(200);
  });
});
