import { natsConnectOptions } from "@krisstod/bus";
import { EventEnvelope } from "@krisstod/contracts";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { effectCounts, missingAcknowledged } from "./checks.ts";
import { type Cluster, startCluster } from "./cluster.ts";
import { findPersonalData, registeredSecrets } from "./confidentiality.ts";
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

  it("registers names, personnummer and phones for the confidentiality scan to look for", () => {
    const secrets = registeredSecrets(planScenario(7, ciSize));
    for (const what of ["name", "personnummer", "phone"])
      expect(secrets.filter((s) => s.what.endsWith(what)).length).toBeGreaterThan(10);
  });
});

describe("the confidentiality scan", () => {
  const secrets = [
    { value: "Amira Berg 3", what: "visitor-3 name" },
    { value: "198507091232", what: "visitor-3 personnummer" },
  ];
  const clean = JSON.stringify({
    id: "01936f2a-1234-7123-8123-123456789012",
    time: "2026-11-28T06:30:00.000Z",
    data: { centreId: "01234567-8901-7234-8567-890123456789", counts: { present: 12, total: 2000 } },
  });

  it("finds a registered value, a personnummer-shaped or phone-shaped string anywhere in an event", () => {
    expect(findPersonalData([clean.replace("12,", '"Amira Berg 3",')], secrets)).toHaveLength(1);
    expect(findPersonalData([clean.replace("2000", '"19900101-9877"')], secrets)).toHaveLength(1);
    expect(findPersonalData([clean.replace("2000", '"9001019877"')], secrets)).toHaveLength(1);
    expect(findPersonalData([clean.replace("2000", '"+46701234567"')], secrets)).toHaveLength(1);
  });

  it("does not take ids, times or counts for personal data", () => {
    expect(findPersonalData([clean], secrets)).toEqual([]);
  });
});

describe("a fault-free run of the scenario", () => {
  let cluster: Cluster;
  let n: TestNamespace;
  // Every event published in the namespace during the run, as it went over the wire.
  let watcher: NatsConnection;
  const published: string[] = [];
  let run: { picture: unknown; streamMessages: number } | undefined;
  const plan = planScenario(7, scenarioSize());

  beforeAll(async () => {
    n = await createTestNamespace();
    watcher = await connect(natsConnectOptions(n.natsUrl));
    const subscription = watcher.subscribe(`${n.natsNamespace}.events.>`);
    void (async () => {
      for await (const message of subscription) published.push(message.string());
    })();
    cluster = await startCluster(n.serviceEnv());
  }, 180_000);
  afterAll(async () => {
    await watcher?.close();
    await cluster?.stop();
  });

  it("is acknowledged in full, reaches the picture, and has every effect once", {
    // A full-size run (LONG=1) takes several minutes on a shared 2-core machine.
    timeout: process.env.LONG === "1" ? 3_600_000 : 240_000,
  }, async () => {
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
    run = { picture, streamMessages: effects.streamMessages };
  });

  it("published no visitor's name, personnummer or phone in any event, nor in the picture", async () => {
    if (!run) throw new Error("the scenario run above did not complete");
    const { streamMessages } = run;
    // Every event the stream holds was seen on the wire (a relay retry may send one twice).
    const ids = () => new Set(published.map((m) => EventEnvelope.parse(JSON.parse(m)).id));
    await waitFor(() => ids().size >= streamMessages, { message: "every published event seen" });
    expect(ids().size).toBe(streamMessages);
    const kinds = new Set(published.map((m) => (JSON.parse(m) as { type: string }).type));
    expect(kinds).toContain("centre.occupancy-changed");
    const secrets = registeredSecrets(plan);
    expect(findPersonalData(published, secrets)).toEqual([]);
    expect(findPersonalData([JSON.stringify(run.picture)], secrets)).toEqual([]);
  });
});
