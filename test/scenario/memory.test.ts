import { createTestNamespace } from "@krisstod/testing";
import { describe, expect, it } from "vitest";
import { serviceNames } from "./cluster.ts";
import {
  HEAP_LEAK_MARGIN_FRACTION,
  HEAP_LEAK_MARGIN_MB,
  LEAK_MARGIN_FRACTION,
  LEAK_MARGIN_MB,
  leaks,
  measureMemory,
} from "./memory.ts";
import { longSize, planScenario } from "./plan.ts";

/**
 * Issue 9 item 6, the leak check: three full-size runs of the scenario (5,000 visitors each)
 * against the same four service processes; after the third run each service's V8 heap (after a
 * full collection) and VmRSS may exceed those after the first by no more than the margins in
 * memory.ts. Long (three full runs), so only with LONG=1; `npm run bench` reports the same figures
 * (bench/src/memory.ts).
 */
describe.skipIf(process.env.LONG !== "1")("memory of the services over repeated scenario runs", () => {
  it(`grows from run 1 to run 3 by no more than ${HEAP_LEAK_MARGIN_MB} MB + ${HEAP_LEAK_MARGIN_FRACTION * 100} % heap and ${LEAK_MARGIN_MB} MB + ${LEAK_MARGIN_FRACTION * 100} % RSS`, {
    timeout: 3_600_000,
  }, async () => {
    const ns = await createTestNamespace();
    const report = await measureMemory(ns, (run) => planScenario(100 + run, longSize), {
      runs: 3,
      log: (line) => console.info(line),
    });
    console.info(`memory report: ${JSON.stringify(report)}`);
    for (const name of serviceNames) {
      const s = report.services[name];
      // Every process was measured the whole time (none died and came back unnoticed).
      expect(s.idleMb).toBeGreaterThan(20);
      expect(s.afterRunMb.every((mb) => Number.isFinite(mb) && mb > 20)).toBe(true);
      expect(s.peakMb).toBeGreaterThanOrEqual(s.idleMb);
      expect(s.heapAfterRunMb.every((mb) => Number.isFinite(mb) && mb > 5)).toBe(true);
    }
    expect(leaks(report)).toEqual([]);
  });
});
