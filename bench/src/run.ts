import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type MemoryResult, measureServiceMemory, memoryTable } from "./memory.ts";
import { measureNatsRoundTrip, measurePgInsert, type RawLimits } from "./raw.ts";
import { benchServers } from "./servers.ts";
import { round } from "./stats.ts";
import { targets } from "./targets/index.ts";
import type { BenchEnvironment, Measurement } from "./types.ts";

/**
 * `npm run bench`: measures the raw limits of PostgreSQL and NATS, then every target, in the same
 * run on the same servers; prints a table and writes bench/results.json.
 * BENCH_SCALE (default 1) shrinks the workload for a quick run; BENCH_ONLY filters targets by name.
 * Then the services' memory (idle, peak under the scenario, leak check over 3 runs; "memory" for
 * BENCH_ONLY). A filtered or scaled run writes bench/results-partial.json instead.
 */
const scale = Number(process.env.BENCH_SCALE ?? "1");
const only = process.env.BENCH_ONLY?.toLowerCase();

const servers = await benchServers();
const env: BenchEnvironment = { databaseAdminUrl: servers.databaseAdminUrl, natsUrl: servers.natsUrl, scale };
try {
  const raw: RawLimits = {
    pgInsert: await measurePgInsert(env),
    natsRoundTrip: await measureNatsRoundTrip(env),
  };
  const results: Measurement[] = [];
  for (const target of targets.filter((t) => !only || t.name.toLowerCase().includes(only))) {
    process.stderr.write(`running ${target.name}…\n`);
    try {
      const measured = await target.run(env);
      for (const m of Array.isArray(measured) ? measured : [measured]) results.push(withRatio(m, raw));
    } catch (error) {
      results.push({ name: target.name, target: "-", met: false, notes: `failed: ${String(error)}` });
    }
  }
  // Only a complete run at full scale replaces results.json (what the README shows); a filtered or
  // scaled run goes to results-partial.json, so a quick check never overwrites the full table.
  const complete = !only && scale === 1;
  const file = complete ? "results.json" : "results-partial.json";
  const out = join(dirname(fileURLToPath(import.meta.url)), "..", file);
  let memory: MemoryResult | undefined;
  if (!only || "memory".includes(only)) {
    process.stderr.write("running memory…\n");
    memory = await measureServiceMemory(env);
  }
  const report = { at: new Date().toISOString(), machine: machineNote(), scale, raw, results, memory };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  const memoryPart = memory
    ? `\n\nMemory (${memory.at}, scale ${memory.scale}):\n\n${memoryTable(memory)}`
    : "";
  process.stdout.write(`${table(raw, results)}${memoryPart}\n\nwritten to bench/${file}\n`);
} finally {
  await servers.stop();
}

function withRatio(m: Measurement, raw: RawLimits): Measurement {
  if (!m.comparedTo) return m;
  const base = raw[m.comparedTo];
  // A rate target is compared by rate (e.g. registrations/s ÷ INSERTs/s), a latency target by p99.
  if (m.throughput !== undefined) return { ...m, ratioToRaw: round(m.throughput / base.throughput, 2) };
  if (m.latency) return { ...m, ratioToRaw: round(m.latency.p99 / Math.max(base.latency.p99, 0.001), 1) };
  return m;
}

function table(raw: RawLimits, results: Measurement[]): string {
  const rows = [
    "| measurement | target | p50 ms | p95 ms | p99 ms | throughput /s | ratio to raw | met |",
    "|---|---|---|---|---|---|---|---|",
    rawRow("Raw: PostgreSQL single-row INSERT", raw.pgInsert),
    rawRow("Raw: NATS publish→receive", raw.natsRoundTrip),
    ...results.map(
      (m) =>
        `| ${m.name} | ${m.target} | ${m.latency?.p50 ?? "-"} | ${m.latency?.p95 ?? "-"} | ${m.latency?.p99 ?? "-"} | ${
          m.throughput ?? "-"
        } | ${m.ratioToRaw !== undefined ? `${m.ratioToRaw}× ${m.comparedTo === "pgInsert" ? "INSERT" : "NATS"}` : "-"} | ${
          m.met ? "yes" : "no"
        } |`,
    ),
  ];
  const notes = results.filter((m) => m.notes).map((m) => `- ${m.name}: ${m.notes}`);
  return [...rows, "", ...notes].join("\n");
}

function rawRow(name: string, limit: RawLimits["pgInsert"]): string {
  return `| ${name} | - | ${limit.latency.p50} | ${limit.latency.p95} | ${limit.latency.p99} | ${limit.throughput} | 1× | - |`;
}

function machineNote(): string {
  return `${process.platform} ${process.arch}, node ${process.version}, ${cpus().length} cpus`;
}
