import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const child = fileURLToPath(new URL("./stray-timeout-child.ts", import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", child, ...args], { encoding: "utf8", timeout: 30_000 });

// test/faults/nats-cluster.test.ts once saw a restarted service exit on a NATS request timeout that
// rejected inside the NATS client with nobody awaiting it, while the cluster elected a stream leader.
describe("a service process and unhandled rejections", () => {
  it("carries on after a NATS timeout nobody awaited, saying so in its log", () => {
    const result = run();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("still running after the stray timeout");
    expect(result.stdout).toContain("still running at the end");
    expect(result.stdout).toContain("a NATS request timed out with nobody waiting for it");
  });

  it("still ends on any other unhandled rejection", () => {
    const result = run("then-another-error");
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain("still running after the stray timeout");
    expect(result.stdout).not.toContain("still running at the end");
    expect(result.stderr).toContain("something else broke");
  });
});
