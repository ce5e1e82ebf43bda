import { createServiceApp } from "@krisstod/http";
import { createLogger } from "@krisstod/logging";
import { Hono } from "hono";
import {
  type AuthEnv,
  assertScope,
  definePolicy,
  defineRoutes,
  guardRoutes,
  scopeFilter,
  type TokenVerifier,
} from "../src/index.ts";

/** A small service wired the way real ones are: one policy table, one route table, one guard. */
export const policy = definePolicy({
  "visitors.read": { roles: ["centre-staff", "pkl-lead", "posom-lead"], scope: "own-organisation" },
  "picture.read": { roles: ["county-observer", "posom-lead", "region-tib"], scope: "own-county" },
  "callouts.answer": { public: true },
});

export const routes = defineRoutes(policy, [
  { method: "GET", path: "/centres/:centreId/visitors", action: "visitors.read" },
  { method: "GET", path: "/picture", action: "picture.read" },
  { method: "POST", path: "/call-outs/:id/answer", action: "callouts.answer" },
]);

// The resources the fake handlers serve.
const centres: Record<string, { organisationId: string; countyCode: string }> = {
  halmstad: { organisationId: "kommun-1380", countyCode: "13" },
  bastad: { organisationId: "kommun-1278", countyCode: "12" },
};

export function createTestApp(verifier: TokenVerifier) {
  const api = new Hono<AuthEnv>()
    .get("/centres/:centreId/visitors", (c) => {
      const centre = centres[c.req.param("centreId")];
      if (!centre) return c.json({ error: "none" }, 404);
      assertScope(c.get("principal"), policy.entries["visitors.read"], centre);
      return c.json({ visitors: [], principal: c.get("principal") });
    })
    .get("/picture", (c) =>
      c.json({ filter: scopeFilter(c.get("principal"), policy.entries["picture.read"]) }),
    )
    .post("/call-outs/:id/answer", (c) => c.json({ answered: c.req.param("id") }))
    // Deliberately missing from the route table: must be refused, not reachable.
    .get("/forgotten", (c) => c.json({ leaked: true }));
  const app = createServiceApp({ service: "test", logger: createLogger("test", "silent"), readiness: {} });
  app.use(guardRoutes(verifier, policy, routes));
  return app.route("/", api);
}
