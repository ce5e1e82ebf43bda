import { createNamespace } from "@krisstod/testing/namespace";
import { serviceNames } from "../../test/scenario/cluster.ts";
import {
  LEAK_MARGIN_FRACTION,
  LEAK_MARGIN_MB,
  leaks,
  type MemoryReport,
  measureMemory,
} from "../../test/scenario/memory.ts";
import { longSize, planScenario } from "../../test/scenario/plan.ts";
import type { BenchEnvironment } from "./types.ts";

export interface MemoryResult extends MemoryReport {
  at: string;
  scale: number;
  /** The leak check: after the last run ≤ after the first + margin (see test/scenario/memory.ts). */
  leakCheck: { marginMb: number; marginFraction: number; passed: boolean; leaking: string[] };
}

/**
 * Issue 9 item 6: each service's RSS idle and under the scenario, and the leak check (after 3
 * runs vs after 1). The services run as child processes exactly as in the fault tests; the
 * scenario is the seeded one of test/scenario with `5,000 × BENCH_SCALE` visitors per run.
 */
export async function measureServiceMemory(env: BenchEnvironment): Promise<MemoryResult> {
  const visitors = Math.max(100, Math.round(longSize.visitors * env.scale));
  const logbookEntries = Math.max(8, Math.round(longSize.logbookEntries * env.scale));
  const ns = await createNamespace(env.databaseAdminUrl, env.natsUrl);
  try {
    const report = await measureMemory(ns, (run) => planScenario(100 + run, { visitors, logbookEntries }), {
      runs: 3,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const leaking = leaks(report);
    return {
      at: new Date().toISOString(),
      scale: env.scale,
      ...report,
      leakCheck: {
        marginMb: LEAK_MARGIN_MB,
        marginFraction: LEAK_MARGIN_FRACTION,
        passed: leaking.length === 0,
        leaking: leaking.map((l) => `${l.service}: ${l.afterFirstMb} → ${l.afterLastMb} MB`),
      },
    };
  } finally {
    await ns.drop().catch(() => {});
  }
}

export function memoryTable(m: MemoryResult): string {
  const runs = Array.from({ length: m.runs }, (_, i) => `after run ${i + 1} MB`);
  const rows = [
    `| service | idle MB | peak MB (scenario) | ${runs.join(" | ")} | growth run 1→${m.runs} MB |`,
    `|---|---|---|${runs.map(() => "---").join("|")}|---|`,
    ...serviceNames.map((name) => {
      const s = m.services[name];
      return `| ${name} | ${s.idleMb} | ${s.peakMb} | ${s.afterRunMb.join(" | ")} | ${s.growthMb} |`;
    }),
  ];
  const check = m.leakCheck.passed
    ? `leak check passed (after run ${m.runs} ≤ after run 1 + ${m.leakCheck.marginMb} MB + ${m.leakCheck.marginFraction * 100} %)`
    : `leak check FAILED: ${m.leakCheck.leaking.join("; ")}`;
  return [
    ...rows,
    "",
    `- ${m.runs} runs of ${m.visitorsPerRun} visitors each (${m.runSeconds.join(" / ")} s); VmRSS from /proc/<pid>/status; peak sampled every ${m.sampleMs} ms while the scenario ran; idle and after-run values at rest (lowest over 10 s after 10 s without work); ${check}`,
  ].join("\n");
}
