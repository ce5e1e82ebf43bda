import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  findFreePort,
  isCurrentNatsServer,
  NatsServerTooOldError,
  requireNatsServer,
  startNatsServer,
} from "../src/index.ts";

/** A stand-in binary that says it is the given nats-server version (and does nothing else). */
function fakeNatsServer(version: string): string {
  const dir = mkdtempSync(join(tmpdir(), "fake-nats-"));
  const path = join(dir, "nats-server");
  writeFileSync(path, `#!/bin/sh\necho "nats-server: v${version}"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe("the nats-server we start", () => {
  const original = process.env.NATS_SERVER_BIN;
  afterEach(() => {
    if (original === undefined) delete process.env.NATS_SERVER_BIN;
    else process.env.NATS_SERVER_BIN = original;
  });

  it("counts 2.10 and later as current, 2.9 as too old", () => {
    expect(["2.9.10", "2.9.25", "1.4.1"].map(isCurrentNatsServer)).toEqual([false, false, false]);
    expect(["2.10.0", "2.10.29", "2.15.1", "3.0.0"].map(isCurrentNatsServer)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it("refuses a 2.9 nats-server with a message that says how to get a current one", async () => {
    const fake = fakeNatsServer("2.9.10");
    process.env.NATS_SERVER_BIN = fake;
    try {
      expect(() => requireNatsServer()).toThrow(NatsServerTooOldError);
      const error = await startNatsServer({
        port: await findFreePort(),
        storeDir: join(tmpdir(), "never"),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NatsServerTooOldError);
      const message = String((error as Error).message);
      expect(message).toContain(`${fake} is nats-server 2.9.10`);
      expect(message).toContain("2.10.0 or later");
      for (const way of [
        "Debian unstable",
        "brew install nats-server",
        "nats-server/releases",
        "NATS_SERVER_BIN",
      ]) {
        expect(message).toContain(way);
      }
    } finally {
      rmSync(join(fake, ".."), { recursive: true, force: true });
    }
  });

  it("takes NATS_SERVER_BIN before PATH", () => {
    const fake = fakeNatsServer("2.12.3");
    process.env.NATS_SERVER_BIN = fake;
    try {
      expect(requireNatsServer()).toEqual({ path: fake, version: "2.12.3" });
    } finally {
      rmSync(join(fake, ".."), { recursive: true, force: true });
    }
  });
});
