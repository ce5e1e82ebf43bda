import { createServiceApp, validate } from "@krisstod/http";
import { createLogger } from "@krisstod/logging";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type AuthEnv,
  definePolicy,
  openApiDocument,
  routeDeclarer,
  routeTableOf,
  UndeclaredRouteError,
} from "../src/index.ts";

const policy = definePolicy({
  "centres.read": { roles: ["posom-lead", "county-observer"], scope: "own-county" },
  "centres.create": { roles: ["posom-lead"] },
  "callouts.answer": { public: true },
});
const route = routeDeclarer(policy);

const Centre = z.object({ id: z.uuid(), name: z.string() });
const CreateCentre = z.object({ name: z.string().min(2), capacity: z.number().int().min(1) });

function declaredApi() {
  return new Hono<AuthEnv>()
    .get(
      "/centres/:id",
      route("centres.read", { summary: "One centre", response: Centre }),
      validate("param", z.object({ id: z.uuid() })),
      (c) => c.json({ id: c.req.valid("param").id, name: "Stödcentrum Andersberg" }),
    )
    .post(
      "/centres",
      route("centres.create", { summary: "Create a centre", response: { status: 201, schema: Centre } }),
      validate("json", CreateCentre),
      (c) => c.json({ id: "x", name: c.req.valid("json").name }, 201),
    )
    .post(
      "/call-outs/:id/answer",
      route("callouts.answer", { summary: "Answer a call-out", response: { media: "text/html" } }),
      (c) => c.html("<p>Tack</p>"),
    );
}

describe("routes declared once", () => {
  it("derives the guard's route table from the declarations, in registration order", () => {
    expect(routeTableOf(declaredApi(), policy)).toEqual([
      { method: "GET", path: "/centres/:id", action: "centres.read" },
      { method: "POST", path: "/centres", action: "centres.create" },
      { method: "POST", path: "/call-outs/:id/answer", action: "callouts.answer" },
    ]);
  });

  it("a route without an action cannot be built into a service: the table refuses it by name", () => {
    const api = declaredApi().get("/forgotten", (c) => c.json({ leaked: true }));
    expect(() => routeTableOf(api, policy)).toThrow(UndeclaredRouteError);
    expect(() => routeTableOf(api, policy)).toThrow(/GET \/forgotten/);
  });

  it("a route mounted from a sub-app without an action is refused too", () => {
    const sub = new Hono<AuthEnv>().delete("/:id", (c) => c.body(null, 204));
    const api = declaredApi().route("/centres", sub);
    expect(() => routeTableOf(api, policy)).toThrow(/DELETE \/centres\/:id/);
  });

  it("an action the policy table does not have is refused", () => {
    const api = new Hono<AuthEnv>().get(
      "/x",
      // A shared route set declares by name; the policy must have the row.
      route("centres.read" as never, { summary: "x", response: Centre }),
      (c) => c.json({}),
    );
    const other = definePolicy({ "something.else": { roles: ["org-admin"] } });
    expect(() => routeTableOf(api, other)).toThrow(/GET \/x \(centres\.read\)/);
  });

  it("describes the app as a valid OpenAPI 3.1 document with actions, roles, security and problems", async () => {
    const app = createServiceApp({ service: "test", logger: createLogger("test", "silent"), readiness: {} });
    app.route("/", declaredApi());
    const document = await openApiDocument(app, policy, { title: "Test" });
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);

    const read = document.paths["/centres/{id}"]?.get as Record<string, unknown>;
    expect(read["x-krisstod-action"]).toBe("centres.read");
    expect(read["x-krisstod-roles"]).toEqual(["posom-lead", "county-observer"]);
    expect(read.security).toEqual([{ oidcBearer: [] }]);
    expect(read.parameters).toEqual([
      expect.objectContaining({
        in: "path",
        name: "id",
        required: true,
        schema: expect.objectContaining({ format: "uuid" }),
      }),
    ]);
    const create = document.paths["/centres"]?.post as {
      requestBody: { content: Record<string, { schema: { required: string[] } }> };
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    expect(create.requestBody.content["application/json"]?.schema.required).toEqual(["name", "capacity"]);
    expect(Object.keys(create.responses).sort()).toEqual(["201", "400", "default"]);
    expect(Object.keys(create.responses["400"]?.content ?? {})).toEqual(["application/problem+json"]);
    expect(Object.keys(create.responses.default?.content ?? {})).toEqual(["application/problem+json"]);
    expect(document.components.securitySchemes).toHaveProperty("oidcBearer.scheme", "bearer");
    // Every answer says its body: the contract for JSON, a string for other media.
    expect(read.responses).toHaveProperty(
      "200.content.application/json.schema.properties.name.type",
      "string",
    );
    expect(document.paths["/call-outs/{id}/answer"]?.post).toHaveProperty(
      "responses.200.content.text/html.schema",
      { type: "string" },
    );
    expect(document.paths["/healthz"]?.get).toHaveProperty(
      "responses.200.content.application/json.schema.properties.status",
    );

    // The answer link carries its own token; health checks are open.
    expect(document.paths["/call-outs/{id}/answer"]?.post).toHaveProperty("security", []);
    expect(document.paths["/healthz"]?.get).toHaveProperty("security", []);
  });
});
