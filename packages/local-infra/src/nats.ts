import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { connect } from "node:net";

export class NatsServerMissingError extends Error {
  constructor() {
    super(
      [
        "No nats-server binary was found on PATH, and NATS_URL is not set.",
        "Install one, or point NATS_URL at a running NATS server with JetStream:",
        "  Debian/Ubuntu: sudo apt-get install nats-server",
        "  macOS:         brew install nats-server",
        "  Docker:        docker run -p 4222:4222 nats:2 -js",
      ].join("\n"),
    );
    this.name = "NatsServerMissingError";
  }
}

export interface NatsServerHandle {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Stops the server (SIGTERM, or SIGKILL to simulate a crash). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function natsServerBinary(): string | undefined {
  const candidates = [
    process.env.NATS_SERVER_BIN,
    "nats-server",
    "/usr/sbin/nats-server",
    "/usr/bin/nats-server",
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ["--version"], { stdio: "ignore" });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** Starts `nats-server -js` as a child process with its store in `storeDir`. */
export async function startNatsServer(options: {
  port: number;
  storeDir: string;
  onLog?: (line: string) => void;
}): Promise<NatsServerHandle> {
  const binary = natsServerBinary();
  if (!binary) throw new NatsServerMissingError();
  mkdirSync(options.storeDir, { recursive: true });
  const child = spawn(
    binary,
    ["-js", "-a", "127.0.0.1", "-p", String(options.port), "-sd", options.storeDir],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const log = options.onLog ?? (() => {});
  child.stdout?.on("data", (chunk: Buffer) => log(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => log(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForPort(options.port, 10_000, exited);
  return {
    url: `nats://127.0.0.1:${options.port}`,
    port: options.port,
    process: child,
    stop: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function waitForPort(port: number, timeoutMs: number, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`nats-server exited before listening on ${port}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server did not listen on ${port} within ${timeoutMs} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
