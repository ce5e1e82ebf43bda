import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardConfig } from "../vite.config.ts";

// The production build signs in only through the configured OpenID provider: the development
// issuer's pick-a-user shortcut (POST /token, /demo-users, the /api/identity proxy) must not be
// reachable from it, not even as dead code.

let outDir: string;
let shipped: { file: string; text: string }[];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "krisstod-dashboard-build-"));
  const config = dashboardConfig({
    // Dev-server settings only; nothing of them reaches the bundle.
    targets: {
      identity: "http://127.0.0.1:9",
      roster: "http://127.0.0.1:9",
      activation: "http://127.0.0.1:9",
      "support-centres": "http://127.0.0.1:9",
      reporting: "http://127.0.0.1:9",
    },
    browser: { issuer: "http://127.0.0.1:9", clientId: "unused", scopes: "openid" },
    port: 0,
    host: "127.0.0.1",
  });
  await build({
    ...config,
    configFile: false,
    logLevel: "silent",
    build: { ...config.build, outDir, emptyOutDir: true, sourcemap: false },
  });
  const files = (await readdir(outDir, { recursive: true })).filter((file) => /\.(js|html)$/.test(file));
  shipped = await Promise.all(
    files.map(async (file) => ({ file, text: await readFile(join(outDir, file), "utf8") })),
  );
}, 180_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

const containing = (needle: RegExp) =>
  shipped.filter(({ text }) => needle.test(text)).map(({ file }) => file);

describe("the built dashboard", () => {
  it("signs in through the configured issuer: it reads /config.json and has the callback route", () => {
    // The search below looks at the right files: what the sign-in does use is found.
    expect(containing(/\/config\.json/)).not.toEqual([]);
    expect(containing(/\/auth\/callback/)).not.toEqual([]);
    expect(containing(/code_challenge/)).not.toEqual([]);
  });

  it("contains no reference to the development issuer's token shortcut", () => {
    expect(containing(/\/api\/identity/)).toEqual([]);
    expect(containing(/demo-users/)).toEqual([]);
    // A path ending in /token in a string literal: the shortcut's endpoint.
    expect(containing(/\/token["'`?]/)).toEqual([]);
    expect(containing(/signInAsDemoUser|DemoTokenRequest/)).toEqual([]);
  });

  it("holds none of the services' server code: the typed API clients import their route types only", () => {
    // The clients built on the services' app types (src/api/services.ts) are there …
    expect(containing(/\.\$(get|post)\(\{/)).not.toEqual([]);
    // … but nothing of what those types are declared in: drizzle's table symbols, SQL, NATS.
    expect(containing(/drizzle:|pg_advisory_xact_lock|Nats-Msg-Id|nats-server/)).toEqual([]);
  });

  it("ships the icon its page names, so nginx serves it beside index.html (no favicon 404)", async () => {
    const index = await readFile(join(outDir, "index.html"), "utf8");
    const href = /<link rel="icon" href="\/([^"]+)"/.exec(index)?.[1];
    expect(href).toBe("favicon.svg");
    const icon = await readFile(join(outDir, href ?? ""), "utf8");
    expect(icon).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});
