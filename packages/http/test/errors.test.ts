import { createLogger } from "@krisstod/logging";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConflictError,
  createServiceApp,
  csvText,
  ForbiddenError,
  fromSpreadsheetSafe,
  readJsonBody,
  spreadsheetSafe,
  validate,
} from "../src/index.ts";

function app() {
  return createServiceApp({ service: "test", logger: createLogger("test", "silent"), readiness: {} })
    .post("/notes", validate("json", z.object({ title: z.string(), tags: z.array(z.string()) })), (c) =>
      c.json(c.req.valid("json"), 201),
    )
    .post("/raw", async (c) => c.json({ got: await readJsonBody(c) }))
    .get("/closed", () => {
      throw new ConflictError("The incident is closed.", "incident-closed");
    })
    .get("/forbidden", () => {
      throw new ForbiddenError();
    })
    .get("/boom", () => {
      throw new Error("secret internals at /srv/app.ts:12");
    });
}

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as {
    status: number;
    code?: string;
    errors?: { field: string }[];
    detail?: string;
  };
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

  it("answers JSON nested 100,000 deep with 400 naming the body, for validated and hand-read bodies", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    for (const path of ["/notes", "/raw"]) {
      const response = await post(path, deep);
      expect(response.status, path).toBe(400);
      const body = await problem(response);
      expect(body.errors?.map((e) => e.field)).toEqual(["body"]);
      expect(body.detail).toMatch(/deeper than 32/);
    }
  });

  it("accepts nesting up to the limit, and counts brackets inside strings as text", async () => {
    const nested = `{"title":"${"[{".repeat(50)}","tags":${"[".repeat(31)}${"]".repeat(31)}}`;
    const response = await post("/raw", nested);
    expect(response.status).toBe(200);
    const tooDeep = await post("/raw", `{"a":${"[".repeat(32)}${"]".repeat(32)}}`);
    expect(tooDeep.status).toBe(400);
  });

  it("answers an unexpected error with a 500 that says nothing internal", async () => {
    const response = await app().request("/boom");
    expect(response.status).toBe(500);
    const body = await problem(response);
    expect(JSON.stringify(body)).not.toContain("secret internals");
  });

  it("names every refusal with a stable code a client can translate: the error's own or its status's", async () => {
    expect((await problem(await app().request("/closed"))).code).toBe("incident-closed");
    expect((await problem(await app().request("/forbidden"))).code).toBe("forbidden");
    expect((await problem(await post("/notes", JSON.stringify({ title: 1 })))).code).toBe("invalid-request");
    expect((await problem(await post("/raw", "{"))).code).toBe("malformed-json");
    expect((await problem(await app().request("/nowhere"))).code).toBe("no-route");
    expect((await problem(await app().request("/boom"))).code).toBe("internal-error");
  });
});

describe("CSV cells a spreadsheet would run", () => {
  it("prefixes an apostrophe to text starting with =, +, -, @, tab or carriage return, and nothing else", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(spreadsheetSafe(`${start}1+1`)).toBe(`'${start}1+1`);
      expect(fromSpreadsheetSafe(spreadsheetSafe(`${start}1+1`))).toBe(`${start}1+1`);
    }
    expect(spreadsheetSafe("Anna")).toBe("Anna");
    expect(spreadsheetSafe("'quoted")).toBe("'quoted");
    expect(fromSpreadsheetSafe("'quoted")).toBe("'quoted");
  });

  it("writes every text cell of a CSV neutralised, numbers as numbers", () => {
    const text = csvText([
      ["namn", "timmar"],
      ["=cmd|' /C calc'!A0", -2],
      ["\tx", 3],
    ]);
    expect(text).toBe("\ufeffnamn;timmar\r\n'=cmd|' /C calc'!A0;-2\r\n'\tx;3\r\n");
  });
});
