import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SERVICE_NAMES } from "@krisstod/contracts";
import { afterAll, expect, inject, test } from "vitest";
import { targets } from "./targets/index.ts";
import type { Measurement } from "./types.ts";

const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = mkdtempSync(join(tmpdir(), "krisstod-bench-smoke-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/**
 * Keeps the benchmark harness from rotting: `npm run bench` with BENCH_QUICK=1 (every target tiny)
 * against the test servers, and the report it writes has every target with its baseline and
 * ratio, the county peak day's request types and each service's memory. Not a performance test:
 * whether a target is met is not checked here (the machine running the tests is busy).
 */
test("a quick benchmark run measures every target beside its baseline and writes the report", async () => {
  const file = join(out, "results.json");
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/run.ts"], {
      cwd: benchDir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        BENCH_QUICK: "1",
        BENCH_OUTPUT: file,
        DATABASE_URL: inject("databaseUrl"),
        NATS_URL: inject("natsUrl"),
        BENCH_NATS_SERVICE_PASSWORD: inject("natsSecrets").servicePassword,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.once("exit", (exitCode) => resolve({ code: exitCode, output: text }));
  });
  expect(code, output.slice(-3000)).toBe(0);
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    quick: boolean;
    results: Measurement[];
    memory?: { services: Record<string, { afterRunMb: number[] }>; leakCheck: { passed: boolean } };
  };
  expect(report.quick).toBe(true);
  const failed = report.results.filter((m) => m.notes?.startsWith("failed"));
  expect(failed.map((m) => `${m.name}: ${m.notes}`)).toEqual([]);
  // Every target reported, once (the roster list target gives two rows).
  expect(report.results.map((m) => m.name.split(",")[0])).toEqual([
    "SSE propagation",
    "Projection throughput",
    "Activation fan-out",
    "County-wide call-out",
    "Answer link → dashboard",
    "Visitor registrations",
    "Roster: people of an organisation",
    "Roster: call list (support persons)",
    "Roster import peak RSS",
    "County peak day (mixed)",
    "Memory per service",
  ]);
  expect(targets).toHaveLength(9);
  for (const m of report.results) {
    expect(typeof m.met).toBe("boolean");
    // Memory has nothing to divide by.
    if (m.name.startsWith("Roster import") || m.name.startsWith("Memory")) continue;
    // Beside every timed target its baseline, measured in the same run, and the ratio.
    expect(m.baseline?.latency.samples, m.name).toBeGreaterThan(0);
    expect(m.ratio, m.name).toBeGreaterThan(0);
  }
  const peak = report.results.find((m) => m.name.startsWith("County peak day"));
  expect(Object.keys(peak?.byRequest ?? {}).sort()).toEqual([
    "GET /picture",
    "POST /activations (call-out decision)",
    "POST /centres/:id/visitors",
    "POST /incidents/:id/situation-reports",
    "POST answer link",
  ]);
  expect(Object.keys(report.memory?.services ?? {}).sort()).toEqual([...SERVICE_NAMES].sort());
  for (const service of Object.values(report.memory?.services ?? {}))
    expect(service.afterRunMb).toHaveLength(3);
});
