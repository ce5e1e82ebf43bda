import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { effectCounts, missingAcknowledged } from "./checks.ts";
import { type Cluster, startCluster } from "./cluster.ts";
import { runOn, settledPicture } from "./harness.ts";
import { ciSize, planScenario, scenarioSize } from "./plan.ts";

describe("the scenario generator", () => {
  it("gives the same plan for the same seed and another for another seed", () => {
    expect(planScenario(7, ciSize)).toEqual(planScenario(7, ciSize));
    expect(JSON.stringify(planScenario(8, ciSize))).not.toEqual(JSON.stringify(planScenario(7, ciSize)));
  });

  it("covers the story: two incidents, three activations, two centres, aid between three municipalities", () => {
    const plan = planScenario(7, ciSize);
    const count = (kind: string) => plan.steps.filter((s) => s.kind === kind).length;
    expect(count("incident")).toBe(2);
    expect(count("activation")).toBe(3);
    expect(count("centre")).toBe(2);
    expect(count("visitor")).toBe(ciSize.visitors);
    expect(count("situation-report")).toBe(3);
    const aid = new Set(
      plan.steps.flatMap((s) => (s.kind.startsWith("aid-") && "as" in s ? [s.as.organisationId] : [])),
    );
    expect([...aid].sort()).toEqual(["kommun-1380", "kommun-1381", "kommun-1382"]);
  });
});

describe("a fault-free run of the scenario", () => {
  let cluster: Cluster;
  let n: TestNamespace;

  beforeAll(async () => {
    n = await createTestNamespace();
    cluster = await startCluster(n.serviceEnv());
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("is acknowledged in full, reaches the picture, and has every effect once", {
    timeout: 240_000,
  }, async () => {
    const plan = planScenario(7, scenarioSize());
    const ledger = await runOn(n, cluster, plan);
    const picture = (await settledPicture(n, cluster.url("reporting"), ledger)) as {
      incidents: { id: string }[];
    };
    expect(picture.incidents.map((i) => i.id).sort()).toEqual(["bus", "fire"]);
    expect(ledger.serverErrors).toEqual([]);
    expect(await missingAcknowledged(n.databaseUrl, ledger)).toEqual([]);
    const effects = await effectCounts(n.databaseUrl, n.natsUrl, n.natsNamespace);
    expect(effects.duplicateMessages).toEqual([]);
    expect(effects.deadLetters).toBe(0);
    expect(effects.streamMessages).toBe(effects.outboxRows);
    // Someone was called and answered in each activation.
    for (const answers of ledger.answers.values()) expect(answers.size).toBeGreaterThan(0);
  });
});
