import { createLogger } from "@krisstod/logging";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createServiceApp, readJsonBody, validate } from "../src/index.ts";

function app() {
  return createServiceApp({ service: "test", logger: createLogger("test", "silent"), readiness: {} })
    .post("/notes", validate("json", z.object({ title: z.string(), tags: z.array(z.string()) })), (c) =>
      c.json(c.req.valid("json"), 201),
    )
    .post("/raw", async (c) => c.json({ got: await readJsonBody(c) }))
    .get("/boom", () => {
      throw new Error("secret internals at /srv/app.ts:12");
    });
}

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as { status: number; errors?: { field: string }[]; detail?: string };
}

const post = (path: string, body: string) =>
  app().request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body });

describe("the HTTP shell's answers to bad input", () => {
  it("refuses a NUL character naming the field, before anything reaches the database", async () => {
    const response = await post("/notes", JSON.stringify({ title: "ok", tags: ["fine", "bad\u0000tag"] }));
    expect(response.status).toBe(400);
    expect((await problem(response)).errors?.map((e) => e.field)).toEqual(["tags.1"]);
  });

  it("accepts the same body without it", async () => {
    const response = await post("/notes", JSON.stringify({ title: "ok", tags: ["fine"] }));
    expect(response.status).toBe(201);
  });

  it("answers malformed JSON read by a handler itself with 400 naming the body", async () => {
    const response = await post("/raw", "{");
    expect(response.status).toBe(400);
    expect((await problem(response)).errors?.map((e) => e.field)).toEqual(["body"]);
  });

  it("answers an unexpected error with a 500 that says nothing internal", async () => {
    const response = await app().request("/boom");
    expect(response.status).toBe(500);
    const body = await problem(response);
    expect(JSON.stringify(body)).not.toContain("secret internals");
  });
});
