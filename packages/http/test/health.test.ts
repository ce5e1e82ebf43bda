import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createServiceApp } from "../src/index.ts";

// A harness or an operator restarting one process behind a port needs to know that the process
// answering is the new one, not whatever else took the port meanwhile.
describe("GET /healthz", () => {
  it("names the service and the process that answered", async () => {
    const app = createServiceApp({ service: "roster", logger: pino({ level: "silent" }), readiness: {} });
    const response = await app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", service: "roster", pid: process.pid });
  });
});
