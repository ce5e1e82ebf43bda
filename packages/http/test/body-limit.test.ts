import { request } from "node:http";
import { createLogger } from "@krisstod/logging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServiceApp, listen, type RunningServer } from "../src/index.ts";

// The body limit reads the length from the headers on a real HTTP server, and still counts the
// bytes of a body that streams in without one (chunked); both are refused with a problem naming it.
describe("the body limit of every service", () => {
  const app = createServiceApp({
    service: "test",
    logger: createLogger("test", "silent"),
    readiness: {},
    maxBodyBytes: 1_000,
  });
  app.post("/echo", async (c) => c.json({ bytes: (await c.req.text()).length }, 201));
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(app, { port: 0, hostname: "127.0.0.1" });
  });
  afterAll(() => server.close());

  /** Sends `chunks` as the body: with Content-Length when `length`, else chunked. */
  function post(chunks: string[], length: boolean): Promise<{ status: number; body: string; type: string }> {
    return new Promise((resolve, reject) => {
      const total = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
      const req = request(
        {
          host: "127.0.0.1",
          port: server.port,
          path: "/echo",
          method: "POST",
          agent: false,
          headers: {
            "Content-Type": "application/json",
            ...(length ? { "Content-Length": String(total) } : { "Transfer-Encoding": "chunked" }),
          },
        },
        (res) => {
          let body = "";
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"]) }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  const json = (size: number) => JSON.stringify({ text: "x".repeat(size - 11) });

  it("takes a body within the limit, with a length or chunked", async () => {
    expect(await post([json(900)], true)).toMatchObject({ status: 201, body: '{"bytes":900}' });
    const body = json(900);
    expect(await post([body.slice(0, 400), body.slice(400)], false)).toMatchObject({
      status: 201,
      body: '{"bytes":900}',
    });
  });

  it("refuses a body over the limit with 413 problem+json, whether announced or streamed", async () => {
    for (const answer of [
      await post([json(1_001)], true),
      await post([json(600).slice(0, 600), json(600).slice(0, 600)], false),
    ]) {
      expect(answer.status).toBe(413);
      expect(answer.type).toMatch(/application\/problem\+json/);
      expect(JSON.parse(answer.body).errors).toEqual([
        { field: "body", message: "must be at most 1000 bytes" },
      ]);
    }
  });
});
