import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { natsConnectOptions } from "@krisstod/bus";
import { subjects } from "@krisstod/contracts";
import { createTestNamespace, startTestNatsCluster, type TestNatsCluster } from "@krisstod/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, type ServiceName, serviceNames, startCluster } from "../scenario/cluster.ts";
import { type Baseline, baselineRun, runOn } from "../scenario/harness.ts";
import { expectRecovered, faultPlan, faultTimeoutMs, stepAt, streamState, waitForStream } from "./support.ts";

/**
 * Beyond one machine (#23): a county's production shape — a three-node JetStream cluster of real
 * nats-server processes (R3 event stream, file storage, `sync_interval: always`, every service as
 * its own NATS user with its production permissions) and two processes of every service sharing
 * the database and the durable consumers. The crisis scenario runs through it while nodes and
 * processes die or restart; afterwards every acknowledged write is there, every effect happened
 * once (no second text message to anyone: the development notifier records every send) and the
 * county's picture equals the fault-free run's (one NATS node, one process per service).
 * LONG=1 runs the full-size scenario.
 */
describe("a county on a three-node NATS cluster with two processes of every service", () => {
  let dir: string;
  let nats: TestNatsCluster;
  let baseline: Baseline;
  let harness: NatsConnection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "krisstod-nats-cluster-"));
    nats = await startTestNatsCluster({ name: "halland", size: 3, dir });
    harness = await connect({ ...natsConnectOptions(nats.harnessUrl), maxReconnectAttempts: -1 });
    baseline = await baselineRun(createTestNamespace, faultPlan());
  }, faultTimeoutMs);
  // Every service cluster a test started: stopped here too, since a test that times out never
  // reaches its own finally (its processes would outlive the run).
  const started: Cluster[] = [];
  afterAll(async () => {
    for (const c of started) await c.stop();
    await harness?.close();
    await nats?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const startServices = async (ns: Awaited<ReturnType<typeof createTestNamespace>>): Promise<Cluster> => {
    const cluster = await startCluster(
      ns.serviceEnv({ NATS_URL: nats.servicesUrl, NATS_STREAM_REPLICAS: 3 }),
      {
        replicas: 2,
      },
    );
    started.push(cluster);
    return cluster;
  };

  it(
    "kill -9 of the node leading the event stream and of one process of each service loses nothing and duplicates nothing",
    async () => {
      const ns = await createTestNamespace();
      const cluster = await startServices(ns);
      try {
        const before = await waitForStream(
          harness,
          subjects.eventStream(ns.natsNamespace),
          (s) => s.leader !== undefined && s.allCurrent,
        );
        expect(before.replicas).toBe(3);
        const plan = faultPlan();
        const n = plan.steps.length;
        const leaderKillAt = stepAt(n, 0.2);
        const leaderBackAt = stepAt(n, 0.45);
        // The process a client is talking to (the first one up) dies: roster just before the first
        // decision, activation as its notifier hands out call-outs, the others mid-visitors.
        const kills = new Map<number, ServiceName>([
          [plan.steps.findIndex((s) => s.kind === "activation"), "roster"],
          [plan.steps.findIndex((s) => s.kind === "answers"), "activation"],
          [stepAt(n, 0.55), "support-centres"],
          [stepAt(n, 0.75), "reporting"],
        ]);
        const restarts: Promise<void>[] = [];
        const killed: string[] = [];
        let killedLeader: string | undefined;
        const ledger = await runOn(ns, cluster, plan, async (index) => {
          if (index === leaderKillAt) {
            const { leader } = await streamState(harness, subjects.eventStream(ns.natsNamespace));
            if (!leader) throw new Error("the event stream has no leader");
            killedLeader = leader;
            await nats.node(leader).stop("SIGKILL");
            killed.push(`nats ${leader}@${index}`);
          }
          if (index === leaderBackAt && killedLeader) {
            // Back with its store: it catches up from the new leader before it counts as current.
            restarts.push(nats.node(killedLeader).start());
          }
          const name = kills.get(index);
          if (!name) return;
          const victim = cluster.replicas[name].find((r) => r.alive);
          if (!victim) throw new Error(`no ${name} process up`);
          await victim.kill();
          killed.push(`${name}@${index}`);
          restarts.push(victim.start());
        });
        await Promise.all(restarts);
        expect(killed).toHaveLength(5);
        // Another node took over the stream; the killed one came back and caught up.
        const after = await waitForStream(
          harness,
          subjects.eventStream(ns.natsNamespace),
          (s) => s.leader !== undefined && s.allCurrent,
        );
        expect(after.replicas).toBe(3);
        await expectRecovered(ns, cluster, ledger, baseline, nats.harnessUrl).catch((error: unknown) => {
          // What the services said about it (warnings and errors of every process, every life).
          for (const name of serviceNames)
            for (const [i, p] of cluster.replicas[name].entries()) {
              const said = p.logs.filter((l) => /"level":(40|50|60)/.test(l)).slice(-15);
              if (said.length > 0) console.error(`${name} #${i + 1}:\n${said.join("\n")}`);
            }
          throw error;
        });
      } finally {
        await cluster.stop();
      }
    },
    faultTimeoutMs,
  );

  it(
    "a rolling restart of every NATS node and every service process under load ends in the fault-free picture",
    async () => {
      const ns = await createTestNamespace();
      const cluster = await startServices(ns);
      try {
        await waitForStream(harness, subjects.eventStream(ns.natsNamespace), (s) => s.allCurrent);
        // One at a time, as a rollout does: a NATS node (SIGTERM), started again with its store and
        // current before the next one goes; then each process of each service, the other one serving.
        const restarts: { what: string; run: () => Promise<void> }[] = [
          ...nats.nodes.map((node) => ({
            what: `nats ${node.name}`,
            run: async () => {
              await node.stop("SIGTERM");
              await node.start();
              await waitForStream(
                harness,
                subjects.eventStream(ns.natsNamespace),
                (s) => s.leader !== undefined && s.allCurrent,
              );
            },
          })),
          ...serviceNames.flatMap((name) =>
            cluster.replicas[name].map((process, i) => ({
              what: `${name} #${i + 1}`,
              run: async () => {
                await process.stop();
                await process.start();
              },
            })),
          ),
        ];
        const plan = faultPlan();
        const at = new Map(
          restarts.map((r, i) => [stepAt(plan.steps.length, 0.1 + (0.8 * i) / restarts.length), r] as const),
        );
        const done: string[] = [];
        let previous: Promise<void> = Promise.resolve();
        const ledger = await runOn(ns, cluster, plan, async (index) => {
          const restart = at.get(index);
          if (!restart) return;
          // The previous one must be back before the next goes down (never two at once).
          await previous;
          previous = restart.run().then(() => {
            done.push(restart.what);
          });
          // Requests go to the process that stays up; the scenario runs on while this one restarts.
          await new Promise((resolve) => setTimeout(resolve, 50));
        });
        await previous;
        expect(done).toEqual(restarts.map((r) => r.what));
        await expectRecovered(ns, cluster, ledger, baseline, nats.harnessUrl);
      } finally {
        await cluster.stop();
      }
    },
    // Eleven restarts one after the other, each waiting for its process (or node) to be back:
    // 4 to 8 minutes on this shared machine (load average 17–40).
    faultTimeoutMs * 3,
  );
});
