import { authorisationMatrix, guardMistakes, sendMatrix, uncoveredRoutes } from "@krisstod/auth/testing";
import type { Role } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, makePrincipal, type TestNamespace } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policy } from "../src/access.ts";
import { createApp } from "../src/app.ts";
import { FeedHub } from "../src/picture/feed-hub.ts";
import { reportingService } from "../src/service.ts";

describe("reporting: who may do what", () => {
  let ns: TestNamespace;
  let service: RunningService;

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
  });
  afterAll(() => service?.stop());

  it("has an access rule for every route it serves, from the routes' declarations", () => {
    const app = createApp(service.context, new FeedHub(service.context.database, service.context.logger));
    expect(service.routes.length).toBeGreaterThan(35);
    expect(uncoveredRoutes(app, service.routes)).toEqual([]);
  });

  it("answers 401 without a token and keeps health checks open", async () => {
    expect((await fetch(`${service.url}/picture`)).status).toBe(401);
    expect((await fetch(`${service.url}/stream`)).status).toBe(401);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it("refuses every role the policy does not allow, on every route", async () => {
    const tokens = new Map<string, Promise<string>>();
    // The faith-community list is Länsstyrelsen's: there an org-admin means the county board's
    // (a municipality's org-admin is refused by the handler, see faith-communities.test.ts).
    const organisationFor = (role: Role, path: string) =>
      role === "org-admin" && path.startsWith("/faith-communities") ? "lansstyrelsen-13" : "kommun-1380";
    const tokenFor = (role: Role, path: string) => {
      const organisationId = organisationFor(role, path);
      const key = `${role}/${organisationId}`;
      const token = tokens.get(key) ?? ns.issuer.mint(makePrincipal({ roles: [role], organisationId }));
      tokens.set(key, token);
      return token;
    };
    const cases = authorisationMatrix(policy, service.routes).filter(
      // The stream stays open; its access is the picture's, checked on /picture.
      (c) => c.path !== "/stream",
    );
    const results = await sendMatrix(service.url, cases, (role, row) => tokenFor(role, row.path));
    // Allowed roles get past the guard (then 200/400/404 from the handler); the rest get 403.
    expect(guardMistakes(results)).toEqual([]);
    expect(results.filter((r) => r.status === 403).length).toBeGreaterThan(0);
  });
});
