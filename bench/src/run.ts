import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createNamespace } from "@krisstod/testing/namespace";
import { startBaseline } from "./baseline.ts";
import { cpuText } from "./cpu.ts";
import { startGenerators } from "./load/pool.ts";
import { type MemoryResult, measureServiceMemory, memoryTable } from "./memory.ts";
import { measureNatsRoundTrip, measurePgInsert, type RawLimits } from "./raw.ts";
import { benchServers } from "./servers.ts";
import { round } from "./stats.ts";
import { targets } from "./targets/index.ts";
import { warmUpRequests } from "./targets/registrations.ts";
import type { BenchEnvironment, Measurement } from "./types.ts";

/**
 * `npm run bench`: every target with its services as processes of their own, the load from
 * separate generator processes, and after each target the bare-route baseline driven the same way
 * (baseline.ts); prints the table and writes bench/results.json. Then each service's memory.
 * BENCH_SCALE (default 1) shrinks the workload; BENCH_ONLY filters targets by name; BENCH_QUICK=1
 * runs everything tiny (the smoke test). A filtered, scaled or quick run writes
 * bench/results-partial.json instead, so a quick check never replaces the full table.
 */
const quick = process.env.BENCH_QUICK === "1";
const scale = quick ? 0.01 : Number(process.env.BENCH_SCALE ?? "1");
const only = process.env.BENCH_ONLY?.toLowerCase();
const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");

const servers = await benchServers();
const pool = await startGenerators();
const namespace = () =>
  createNamespace(servers.databaseAdminUrl, servers.natsUrl, servers.natsServicePassword);
const env: BenchEnvironment = {
  databaseAdminUrl: servers.databaseAdminUrl,
  databaseCpuMs: servers.databaseCpuMs,
  natsUrl: servers.natsUrl,
  namespace,
  pool,
  scale,
  quick,
};
const baselineNs = await namespace();
// Quick: one baseline process (the smoke test's time goes mostly to starting processes).
const startedAt = new Date().toISOString();
const loadBefore = loadavg();
let failed = false;
try {
  const baseline = await startBaseline(
    baselineNs,
    pool,
    servers.databaseCpuMs,
    quick ? 1 : 2,
    quick ? 0 : warmUpRequests,
  );
  const raw: RawLimits = {
    pgInsert: await measurePgInsert(env),
    natsRoundTrip: await measureNatsRoundTrip(env),
  };
  const results: Measurement[] = [];
  for (const target of targets.filter((t) => !only || t.name.toLowerCase().includes(only))) {
    process.stderr.write(`running ${target.name}…\n`);
    const t = performance.now();
    try {
      const measured = await target.run(env);
      for (const m of Array.isArray(measured) ? measured : [measured]) {
        // The baseline right after the target, on the same servers, with the target's load shape.
        const withBaseline = m.baselineShape
          ? withRatio({ ...m, baseline: await baseline.measure(m.baselineShape) })
          : m;
        results.push({ ...withBaseline, elapsedS: round((performance.now() - t) / 1000, 1) });
      }
    } catch (error) {
      results.push({ name: target.name, target: "-", met: false, notes: `failed: ${String(error)}` });
    }
  }
  let memory: MemoryResult | undefined;
  if (!only || "memory".includes(only)) {
    process.stderr.write("running memory…\n");
    try {
      memory = await measureServiceMemory(env);
      results.push(memoryRow(memory));
    } catch (error) {
      results.push({
        name: "Memory per service",
        target: "-",
        met: false,
        notes: `failed: ${String(error)}`,
      });
    }
  }
  const complete = !only && scale === 1 && !quick;
  // BENCH_OUTPUT: another file (the smoke test writes to a temporary directory).
  const file = process.env.BENCH_OUTPUT ?? join(benchDir, complete ? "results.json" : "results-partial.json");
  const report = {
    at: startedAt,
    machine: `${machineNote()}; load average ${loadBefore.map((l) => round(l, 1)).join(" ")} at start, ${loadavg()
      .map((l) => round(l, 1))
      .join(" ")} at end`,
    scale,
    quick,
    generators: pool.size,
    raw,
    results,
    memory,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = table(results);
  // A complete run also replaces the table in the README (between its two markers).
  if (complete) replaceReadmeTable(markdown);
  const memoryPart = memory
    ? `\n\nMemory (${memory.at}, scale ${memory.scale}):\n\n${memoryTable(memory)}`
    : "";
  process.stdout.write(`${markdown}${memoryPart}\n\nwritten to ${file}\n`);
  failed = results.some((r) => r.notes?.startsWith("failed:"));
} finally {
  await baselineNs.drop().catch(() => {});
  await pool.stop();
  await servers.stop();
}
// A target that failed half-way may leave its own connections or children open (it throws before
// its cleanup is set up), which kept the runner alive for ever after printing the table.
if (failed) {
  process.stderr.write("a target failed (see its row)\n");
  process.exit(1);
}

function withRatio(m: Measurement): Measurement {
  const b = m.baseline;
  if (!b || !m.ratioOf) return m;
  const divide = (a: number | undefined, base: number) =>
    a === undefined ? undefined : round(a / Math.max(base, 0.001), 2);
  const ratio =
    m.ratioOf === "throughput"
      ? divide(m.throughput, b.throughput)
      : m.ratioOf === "duration"
        ? divide(m.durationMs, b.ms)
        : m.ratioOf === "p95"
          ? divide(m.latency?.p95, b.latency.p95)
          : divide(worstP99(m), b.latency.p99);
  if (ratio === undefined) return m;
  return {
    ...m,
    ratio,
    met: m.met && (m.minRatio === undefined || ratio >= m.minRatio),
    ...(m.cpu && b.cpu
      ? {
          notes: `${m.notes ?? ""}; CPU per request: ${cpuText(m.cpu, "service")}, ${cpuText(b.cpu, "bare route")}`,
        }
      : {}),
  };
}

/** The memory section as a row of the table: flat over three runs, per service process. */
function memoryRow(memory: MemoryResult): Measurement {
  const services = Object.entries(memory.services);
  const most = (pick: (s: (typeof services)[number][1]) => number) =>
    services.reduce((worst, [name, s]) => (pick(s) > worst.value ? { name, value: pick(s) } : worst), {
      name: "-",
      value: Number.NEGATIVE_INFINITY,
    });
  const heap = most((s) => s.heapGrowthMb);
  const rss = most((s) => s.growthMb);
  return {
    name: "Memory per service, 3 runs",
    target: "flat: heap after run 3 ≤ run 1 + 8 MB + 10 %, RSS + 25 MB + 15 %",
    measured: `most growth run 1→3: heap ${heap.value} MB (${heap.name}), RSS ${rss.value} MB (${rss.name})`,
    met: memory.leakCheck.passed,
    notes: `${memory.runs} runs of ${memory.visitorsPerRun} visitors, each service its own process; see the memory table`,
    limits: "-",
  };
}

function worstP99(m: Measurement): number | undefined {
  if (m.byRequest) return Math.max(...Object.values(m.byRequest).map((l) => l.p99));
  return m.latency?.p99;
}

/** What was measured, in the unit of the target. */
export function measuredText(m: Measurement): string {
  if (m.notes?.startsWith("failed")) return "failed";
  if (m.measured) return m.measured;
  if (m.ratioOf === "throughput") return `${m.throughput}/s${m.latency ? `, p99 ${m.latency.p99} ms` : ""}`;
  if (m.ratioOf === "duration") return `${m.durationMs} ms (worst)`;
  if (m.ratioOf === "p95") return `p95 ${m.latency?.p95} ms`;
  if (m.byRequest) return `worst p99 ${worstP99(m)} ms`;
  if (m.latency) return `p99 ${m.latency.p99} ms`;
  return m.notes?.split(":")[0] ?? "-";
}

function baselineText(m: Measurement): string {
  const b = m.baseline;
  if (!b) return "-";
  if (m.ratioOf === "throughput") return `${b.throughput}/s, p99 ${b.latency.p99} ms`;
  if (m.ratioOf === "duration") return `${b.ms} ms`;
  if (m.ratioOf === "p95") return `p95 ${b.latency.p95} ms`;
  return `p99 ${b.latency.p99} ms`;
}

function table(results: Measurement[]): string {
  const cell = (text: string) => text.replaceAll("|", "\\|");
  const rows = [
    "| target | measured | baseline | ratio | met? | what limits it |",
    "|---|---|---|---|---|---|",
    ...results.map(
      (m) =>
        `| ${cell(`${m.name}: ${m.target}`)} | ${cell(measuredText(m))} | ${cell(baselineText(m))} | ${
          m.ratio !== undefined ? `${m.ratio}×` : "-"
        } | ${m.met ? "yes" : "no"} | ${cell(m.limits ?? "-")} |`,
    ),
  ];
  const notes = results.filter((m) => m.notes).map((m) => `- ${m.name}: ${m.notes}`);
  return [...rows, "", ...notes].join("\n");
}

function replaceReadmeTable(markdown: string) {
  const readme = join(benchDir, "..", "README.md");
  const begin = "<!-- bench-table:begin -->";
  const end = "<!-- bench-table:end -->";
  const text = readFileSync(readme, "utf8");
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return;
  writeFileSync(readme, `${text.slice(0, from + begin.length)}\n\n${markdown}\n\n${text.slice(to)}`);
  // The repository's formatter pads the table's columns (lint checks README.md too).
  spawnSync(join(benchDir, "..", "node_modules", ".bin", "biome"), ["format", "--write", readme], {
    stdio: "ignore",
  });
}

function machineNote(): string {
  return `${process.platform} ${process.arch}, node ${process.version}, ${cpus().length} cpus`;
}
