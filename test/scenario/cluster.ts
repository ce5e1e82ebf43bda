import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { envForService, type ServiceEnv } from "@krisstod/config";
import { SERVICE_NAMES, type ServiceName } from "@krisstod/contracts";
import { findFreePort } from "@krisstod/local-infra";

/**
 * The four domain services as child processes (`node --import tsx apps/<svc>/src/main.ts`), so a
 * fault test can SIGKILL one for real and start it again on the same port, and so their JSON logs
 * can be read (stdout is captured line by line).
 */
export const serviceNames = SERVICE_NAMES;
export type { ServiceName };

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

/** Per-service settings the scenario needs (beyond the namespace's common environment). */
export const scenarioServiceEnv: Record<ServiceName, Record<string, string>> = {
  roster: { DEMO_DATA: "true" },
  activation: {
    // No one is skipped for silence during a test run: escalation then depends only on the
    // planned declines, so a faulty run and a fault-free run call the same people.
    // 24 h (the most allowed): a full-size run on a loaded machine takes longer than 10 minutes.
    CALLOUT_WAIT_MS: "86400000",
    SENDER_POLL_MS: "50",
    TIMER_POLL_MS: "100",
    // The scenario answers every link from one address.
    ANSWER_LINK_RATE_LIMIT: "100000",
  },
  // The occupancy clock ticks often enough for the picture to settle soon after the last change.
  "support-centres": { OCCUPANCY_PUBLISH_INTERVAL_MS: "500" },
  reporting: {},
};

export interface ServiceProcess {
  readonly name: ServiceName;
  readonly url: string;
  /** Every line the process wrote to stdout and stderr since the cluster started (all lives). */
  readonly logs: string[];
  readonly pid: number | undefined;
  /** Started and answering (not being stopped): requests may go to it. */
  readonly alive: boolean;
  /** How the last life ended: its exit code, or the signal that ended it (SIGKILL: it was killed). */
  readonly lastExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  start(): Promise<void>;
  /** SIGKILL: no shutdown hook runs, in-flight work is lost as in a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface Cluster {
  /** The first (or only) process of each service. */
  readonly services: Record<ServiceName, ServiceProcess>;
  /** Every process of each service (`replicas` of them). */
  readonly replicas: Record<ServiceName, ServiceProcess[]>;
  /** A process of the service that is up (the first such), as a load balancer would pick. */
  url(name: ServiceName): string;
  stop(): Promise<void>;
}

/** Environment values as a process receives them (arrays comma-separated). */
export function envStrings(env: Partial<ServiceEnv>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === null) continue;
    out[key] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return out;
}

export async function startCluster(
  base: ServiceEnv,
  options: {
    only?: readonly ServiceName[];
    extra?: Partial<Record<ServiceName, Record<string, string>>>;
    /** For memory measurement: SIGUSR2 makes a process collect garbage and print its memory. */
    gcOnSignal?: boolean;
    /** Processes per service, sharing the database and the durable consumers (default 1). */
    replicas?: number;
  } = {},
): Promise<Cluster> {
  const names = options.only ?? serviceNames;
  const replicas = {} as Record<ServiceName, ServiceProcess[]>;
  for (const name of names) replicas[name] = [];
  for (let r = 0; r < (options.replicas ?? 1); r++)
    for (const name of names) {
      const port = await findFreePort();
      replicas[name].push(
        serviceProcess(
          name,
          port,
          {
            // Each service logs in to PostgreSQL as its own roles.
            ...envStrings(envForService(base, name)),
            LOG_LEVEL: "info",
            PORT: String(port),
            ...scenarioServiceEnv[name],
            ...(options.extra?.[name] ?? {}),
          },
          options.gcOnSignal ? ["--expose-gc", "--import", join(here, "gc-on-signal.ts")] : [],
        ),
      );
    }
  // Roster first: activation asks it for call lists and activators. One replica after the other:
  // the first migrates and seeds, the next finds it done.
  for (const name of names) for (const replica of replicas[name]) await replica.start();
  const services = Object.fromEntries(names.map((name) => [name, replicas[name][0]])) as Record<
    ServiceName,
    ServiceProcess
  >;
  return {
    services,
    replicas,
    url: (name) => (replicas[name].find((r) => r.alive) ?? services[name]).url,
    stop: async () => {
      for (const name of [...names].reverse()) for (const replica of replicas[name]) await replica.stop();
    },
  };
}

function serviceProcess(
  name: ServiceName,
  port: number,
  env: Record<string, string>,
  nodeOptions: string[],
): ServiceProcess {
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let alive = false;
  let lastExit: ServiceProcess["lastExit"];

  const start = async () => {
    const main = join(root, "apps", name, "src", "main.ts");
    const proc = spawn(process.execPath, ["--import", "tsx", ...nodeOptions, main], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    exited = new Promise((resolve) => proc.once("exit", () => resolve()));
    let died: string | undefined;
    proc.once("exit", (code, signal) => {
      lastExit = { code, signal };
      died = `${name} exited (${code ?? signal}) while starting`;
    });
    for (const stream of [proc.stdout, proc.stderr]) {
      let rest = "";
      stream?.on("data", (chunk: Buffer) => {
        const lines = (rest + chunk.toString("utf8")).split("\n");
        rest = lines.pop() ?? "";
        logs.push(...lines.filter((l) => l.length > 0));
      });
    }
    const deadline = Date.now() + 90_000;
    // Ready once the process answering on the URL is this child: while a process restarts its port
    // is free, and a service another test file starts meanwhile may take it and answer /readyz.
    const isThisChild = async () => {
      const health = (await (await fetch(`${url}/healthz`)).json()) as { pid?: number };
      return health.pid === proc.pid;
    };
    for (;;) {
      if (died) throw new Error(`${died}:\n${logs.slice(-20).join("\n")}`);
      try {
        if (!(await isThisChild())) throw new Error("another process on the port, or none yet");
        const response = await fetch(`${url}/readyz`);
        if (response.status === 200) {
          alive = true;
          return;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${name} not ready in 90 s:\n${logs.slice(-20).join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const signal = async (sig: NodeJS.Signals) => {
    alive = false;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    await exited;
  };

  return {
    name,
    url,
    logs,
    get pid() {
      return child?.pid;
    },
    get alive() {
      return alive;
    },
    get lastExit() {
      return lastExit;
    },
    start,
    kill: () => signal("SIGKILL"),
    stop: async () => {
      const timer = setTimeout(() => child?.kill("SIGKILL"), 10_000);
      await signal("SIGTERM");
      clearTimeout(timer);
    },
  };
}
