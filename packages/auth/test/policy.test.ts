import { Role } from "@krisstod/contracts";
import { makePrincipal, startTestIssuer, type TestIssuer } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, matchRoute } from "../src/index.ts";
import { authorisationMatrix, samplePath, uncoveredRoutes } from "../src/testing.ts";
import { createTestApp, policy, routes } from "./app.ts";

let issuer: TestIssuer;
let app: ReturnType<typeof createTestApp>;
beforeAll(async () => {
  issuer = await startTestIssuer();
  app = createTestApp(createTokenVerifier({ issuer: issuer.issuer, audience: "krisstod" }));
});
afterAll(() => issuer.close());

async function call(method: string, path: string, token?: string) {
  return app.request(path, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

describe("authorisation matrix generated from the policy table", () => {
  const matrix = authorisationMatrix(policy, routes);

  it("covers every route × every role", () => {
    expect(matrix).toHaveLength(2 * Role.options.length + 1);
  });

  it.each(matrix.map((row) => [`${row.role ?? "anyone"} ${row.method} ${row.path}`, row] as const))(
    "%s",
    async (_, row) => {
      const path = samplePath(row.path, { centreId: "halmstad" });
      const token = row.role ? await issuer.mint(makePrincipal({ roles: [row.role] })) : undefined;
      const response = await call(row.method, path, token);
      if (row.allowed) expect(response.status).toBe(200);
      else expect(response.status).toBe(403);
      if (row.role) expect((await call(row.method, path)).status).toBe(401);
    },
  );

  it("every route the app registers has an access rule, except health checks", () => {
    expect(uncoveredRoutes(app, routes)).toEqual(["GET /forgotten"]);
  });
});

describe("policy enforcement", () => {
  it("a route missing from the table is refused, not reachable (fail closed)", async () => {
    const token = await issuer.mint(makePrincipal({ roles: ["org-admin", "posom-lead"] }));
    expect((await call("GET", "/forgotten", token)).status).toBe(403);
    expect((await call("GET", "/forgotten")).status).toBe(401);
  });

  it("health checks stay open", async () => {
    expect((await call("GET", "/healthz")).status).toBe(200);
  });

  it("a principal with no Krisstöd role is authenticated but allowed nothing", async () => {
    const token = await issuer.mint(makePrincipal({ roles: [] }));
    expect((await call("GET", "/picture", token)).status).toBe(403);
  });

  it("a municipality cannot read another municipality's visitor register", async () => {
    const token = await issuer.mint(
      makePrincipal({ organisationId: "kommun-1380", roles: ["centre-staff"] }),
    );
    expect((await call("GET", "/centres/halmstad/visitors", token)).status).toBe(200);
    const response = await call("GET", "/centres/bastad/visitors", token);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ title: "Forbidden" });
  });

  it("a list is filtered to the entry's scope", async () => {
    const token = await issuer.mint(
      makePrincipal({ organisationId: "lansstyrelsen-13", roles: ["county-observer"] }),
    );
    expect(await (await call("GET", "/picture", token)).json()).toEqual({ filter: { countyCode: "13" } });
  });

  it("policy.allows answers per role", () => {
    expect(policy.allows(makePrincipal({ roles: ["pkl-lead"] }), "visitors.read")).toBe(true);
    expect(policy.allows(makePrincipal({ roles: ["county-observer"] }), "visitors.read")).toBe(false);
    expect(policy.allows(makePrincipal({ roles: [] }), "callouts.answer")).toBe(true);
  });

  it("route matching respects method, segments and params", () => {
    expect(matchRoute(routes, "GET", "/centres/x/visitors")?.action).toBe("visitors.read");
    expect(matchRoute(routes, "GET", "/centres/x/visitors/")?.action).toBe("visitors.read");
    expect(matchRoute(routes, "HEAD", "/picture")?.action).toBe("picture.read");
    expect(matchRoute(routes, "POST", "/picture")).toBeUndefined();
    expect(matchRoute(routes, "GET", "/centres//visitors")).toBeUndefined();
    expect(matchRoute(routes, "GET", "/centres/x/visitors/y")).toBeUndefined();
  });
});
