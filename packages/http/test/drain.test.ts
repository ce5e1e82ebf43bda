import { request } from "node:http";
import { createLogger } from "@krisstod/logging";
import { describe, expect, it } from "vitest";
import { createServiceApp, listen } from "../src/index.ts";

// A rollout stops pods while requests are in progress: they must get their answers, not a reset
// connection (a 502 at the ingress), while new connections are refused at once.
describe("listen().close() drains", () => {
  const app = createServiceApp({ service: "test", logger: createLogger("test", "silent"), readiness: {} });
  app.get("/slow", async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    return c.json({ done: true });
  });

  function get(port: number, path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, agent: false }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("answers the request in progress, refuses new connections, then closes", async () => {
    const server = await listen(app, { port: 0, hostname: "127.0.0.1" });
    const inProgress = get(server.port, "/slow");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const closing = server.close();
    await expect(get(server.port, "/healthz")).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
    expect(await inProgress).toEqual({ status: 200, body: JSON.stringify({ done: true }) });
    await closing;
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("gives up on a request that outlasts the deadline", async () => {
    const server = await listen(app, { port: 0, hostname: "127.0.0.1" });
    const inProgress = get(server.port, "/slow");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.close(100);
    await expect(inProgress).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
