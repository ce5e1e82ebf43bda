import { authorisationMatrix, guardMistakes, sendMatrix, uncoveredRoutes } from "@krisstod/auth/testing";
import type { Role } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, makePrincipal, type TestIssuer } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { defaultSettings } from "../src/env.ts";
import { supportCentresPolicy } from "../src/policy.ts";
import { createSupportCentresService } from "../src/service.ts";

describe("support centres: who may do what", () => {
  let service: RunningService;
  let issuer: TestIssuer;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    issuer = ns.issuer;
    service = await startService(createSupportCentresService(), ns.serviceEnv());
  });
  afterAll(() => service?.stop());

  it("has an access rule for every route it serves, derived from the routes' declarations", () => {
    const app = createApp(service.context, { settings: defaultSettings });
    expect(service.routes.length).toBeGreaterThan(25);
    expect(uncoveredRoutes(app, service.routes)).toEqual([]);
  });

  it("answers 401 without a token and keeps health checks open", async () => {
    const response = await fetch(`${service.url}/centres`);
    expect(response.status).toBe(401);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it("refuses every role the policy does not allow, on every route", async () => {
    const cases = authorisationMatrix(supportCentresPolicy, service.routes);
    const tokens = new Map<string, Promise<string>>();
    const tokenFor = (role: Role) => {
      const token = tokens.get(role) ?? issuer.mint(makePrincipal({ roles: [role] }));
      tokens.set(role, token);
      return token;
    };
    const results = await sendMatrix(service.url, cases, tokenFor);
    // Allowed roles get past the guard (then 400/404/… from the handler), the rest get 403.
    expect(guardMistakes(results)).toEqual([]);
    expect(results.filter((r) => r.status === 403).length).toBeGreaterThan(0);
  });
});
