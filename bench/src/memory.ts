import { serviceNames } from "../../test/scenario/cluster.ts";
import {
  HEAP_LEAK_MARGIN_FRACTION,
  HEAP_LEAK_MARGIN_MB,
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
  leakCheck: {
    heapMarginMb: number;
    heapMarginFraction: number;
    marginMb: number;
    marginFraction: number;
    passed: boolean;
    leaking: string[];
  };
}

/**
 * Issue 9 item 6: each service's RSS idle and under the scenario, and the leak check (after 3
 * runs vs after 1). The services run as child processes exactly as in the fault tests; the
 * scenario is the seeded one of test/scenario with `5,000 × BENCH_SCALE` visitors per run.
 */
export async function measureServiceMemory(env: BenchEnvironment): Promise<MemoryResult> {
  // Quick (the smoke test): a handful of visitors and short rests, only to keep the harness working.
  const visitors = env.quick ? 10 : Math.max(100, Math.round(longSize.visitors * env.scale));
  const logbookEntries = env.quick ? 2 : Math.max(8, Math.round(longSize.logbookEntries * env.scale));
  const ns = await env.namespace();
  try {
    const report = await measureMemory(ns, (run) => planScenario(100 + run, { visitors, logbookEntries }), {
      runs: 3,
      ...(env.quick ? { idleMs: 500 } : {}),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const leaking = leaks(report);
    return {
      at: new Date().toISOString(),
      scale: env.scale,
      ...report,
      leakCheck: {
        heapMarginMb: HEAP_LEAK_MARGIN_MB,
        heapMarginFraction: HEAP_LEAK_MARGIN_FRACTION,
        marginMb: LEAK_MARGIN_MB,
        marginFraction: LEAK_MARGIN_FRACTION,
        passed: leaking.length === 0,
        leaking: leaking.map(
          (l) => `${l.service} ${l.what}: ${l.afterFirstMb} → ${l.afterLastMb} MB (allowed ${l.allowedMb})`,
        ),
      },
    };
  } finally {
    await ns.drop().catch(() => {});
  }
}

export function memoryTable(m: MemoryResult): string {
  const each = (values: number[]) => values.join(" / ");
  const rows = [
    `| service | idle RSS MB | peak RSS MB (scenario) | RSS after runs 1 / 2 / 3 MB | heap after runs 1 / 2 / 3 MB | growth run 1→${m.runs}: RSS / heap MB |`,
    "|---|---|---|---|---|---|",
    ...serviceNames.map((name) => {
      const s = m.services[name];
      return `| ${name} | ${s.idleMb} | ${s.peakMb} | ${each(s.afterRunMb)} | ${each(s.heapAfterRunMb)} | ${s.growthMb} / ${s.heapGrowthMb} |`;
    }),
  ];
  const c = m.leakCheck;
  const check = c.passed
    ? `leak check passed (after run ${m.runs} ≤ after run 1 + ${c.heapMarginMb} MB + ${c.heapMarginFraction * 100} % heap, + ${c.marginMb} MB + ${c.marginFraction * 100} % RSS)`
    : `leak check FAILED: ${c.leaking.join("; ")}`;
  return [
    ...rows,
    "",
    `- ${m.runs} runs of ${m.visitorsPerRun} visitors each (${m.runSeconds.join(" / ")} s). VmRSS from /proc/<pid>/status; peak sampled every ${m.sampleMs} ms while the scenario ran; idle and after-run values at rest, after a full garbage collection in each process (heap = V8 heap in use then); ${check}`,
  ].join("\n");
}
