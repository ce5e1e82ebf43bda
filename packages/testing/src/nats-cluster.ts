import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { findFreePort, type NatsServerHandle, startNatsServer } from "@krisstod/local-infra";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { harnessUrl, type TestNatsSecrets, testNatsAuthorization } from "./nats.ts";

/**
 * A JetStream cluster of real nats-server processes, configured as production is (DESIGN.md:
 * file storage, `sync_interval: always`, the services' own users and permissions), so a test can
 * SIGKILL the node leading a stream, restart nodes one at a time, or cut a county's leaf link to
 * the national hub. Nodes keep their ports and store across restarts, as a pod keeps its volume.
 */
export interface TestNatsNode {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly running: boolean;
  start(): Promise<void>;
  /** SIGTERM (a rolling restart) or SIGKILL (a crash). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface TestNatsCluster {
  readonly name: string;
  readonly nodes: readonly TestNatsNode[];
  /** Every node's client URL, comma-separated, without credentials (what services get as NATS_URL). */
  readonly servicesUrl: string;
  /** The same with the harness user's credentials (for test code). */
  readonly harnessUrl: string;
  /** The port counties' leaf nodes connect to (a hub started with `leafListen`). */
  readonly leafPort: number | undefined;
  node(name: string): TestNatsNode;
  /** Waits until JetStream answers through the cluster (a meta leader is elected). */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestNatsCluster(options: {
  /** Cluster name; nodes are `<name>-1` … */
  name: string;
  size: number;
  secrets: TestNatsSecrets;
  dir: string;
  /** Its own JetStream domain (a county or the national hub). */
  domain?: string;
  /** Accept leaf node connections (the national hub). */
  leafListen?: boolean;
  /** Connect as a leaf node to these hub leaf ports (a county); the link can be cut with `leafLink`. */
  leafRemotes?: readonly number[];
  /** Every line a node logs (for a test that shows them when it fails). */
  onLog?: (node: string, line: string) => void;
}): Promise<TestNatsCluster> {
  const ports = await Promise.all(Array.from({ length: options.size }, () => findFreePort()));
  const routes = await Promise.all(Array.from({ length: options.size }, () => findFreePort()));
  const leafPort = options.leafListen ? await findFreePort() : undefined;
  const authorization = testNatsAuthorization(options.secrets);
  const nodes = ports.map((port, i): TestNatsNode => {
    const name = `${options.name}-${i + 1}`;
    const storeDir = join(options.dir, name);
    mkdirSync(storeDir, { recursive: true });
    let handle: NatsServerHandle | undefined;
    const extra: string[] = [];
    if (options.size > 1) {
      extra.push(
        `cluster { name: ${JSON.stringify(options.name)}, listen: "127.0.0.1:${routes[i]}",`,
        `  routes: [${routes.map((r) => `"nats://127.0.0.1:${r}"`).join(", ")}] }`,
      );
    }
    // Only the first hub node listens for leaf nodes (one port is enough for a test).
    // Leaf connections authenticate apart from clients: a hub with client users refuses a leaf
    // that brings none ("Authorization Violation"), so counties log in as the `leaf` user.
    const leafLogin = JSON.stringify(options.secrets.harnessPassword);
    if (leafPort && i === 0)
      extra.push(
        // no_advertise: the hub would otherwise tell each county its own leaf address, and a county
        // would reconnect there directly, around the relay a test cuts the link with.
        `leafnodes { listen: "127.0.0.1:${leafPort}", no_advertise: true, authorization { user: "leaf", password: ${leafLogin} } }`,
      );
    if (options.leafRemotes?.length) {
      extra.push(
        `leafnodes { reconnect: "1s", remotes: [ { urls: [${options.leafRemotes
          .map((p) => `"nats://leaf:${encodeURIComponent(options.secrets.harnessPassword)}@127.0.0.1:${p}"`)
          .join(", ")}] } ] }`,
      );
    }
    return {
      name,
      port,
      url: `nats://127.0.0.1:${port}`,
      get running() {
        return handle !== undefined;
      },
      start: async () => {
        if (handle) return;
        handle = await startNatsServer({
          port,
          storeDir,
          serverName: name,
          jetstream: [
            // fsync every write before acknowledging it, as production does (DESIGN.md).
            "sync_interval: always",
            ...(options.domain ? [`domain: ${options.domain}`] : []),
          ],
          authorization,
          extra,
          ...(options.onLog ? { onLog: (line: string) => options.onLog?.(name, line) } : {}),
        });
      },
      stop: async (signal = "SIGTERM") => {
        const h = handle;
        handle = undefined;
        await h?.stop(signal);
      },
    };
  });
  await Promise.all(nodes.map((n) => n.start()));
  const servicesUrl = nodes.map((n) => n.url).join(",");
  const cluster: TestNatsCluster = {
    name: options.name,
    nodes,
    servicesUrl,
    harnessUrl: nodes.map((n) => harnessUrl(n.url, options.secrets)).join(","),
    leafPort,
    node: (name) => {
      const found = nodes.find((n) => n.name === name);
      if (!found) throw new Error(`no node ${name} in ${options.name}`);
      return found;
    },
    ready: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          const nc = await connect({
            servers: nodes.filter((n) => n.running).map((n) => n.url),
            user: "harness",
            pass: options.secrets.harnessPassword,
            timeout: 2_000,
          });
          try {
            await (await jetstreamManager(nc, { timeout: 2_000 })).getAccountInfo();
            return;
          } finally {
            await nc.close();
          }
        } catch (error) {
          if (Date.now() > deadline)
            throw new Error(`${options.name}: JetStream not ready: ${String(error)}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
  await cluster.ready();
  return cluster;
}
