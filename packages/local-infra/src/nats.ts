import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isListening } from "./ports.ts";

/** The oldest nats-server we run: 2.9 ignores a `+TERM` reason and knows no `sync_interval`. */
export const MINIMUM_NATS_SERVER = [2, 10, 0] as const;

const HOW_TO_GET_ONE = [
  "Install nats-server 2.10 or later, then put it on PATH or point NATS_SERVER_BIN at it:",
  "  Debian/Ubuntu: the nats-server package of Debian unstable (bookworm's 2.9 is too old):",
  "                 `bash .ci/nats-server.sh` fetches just that package into .tools/nats, used from then on",
  "  macOS:         brew install nats-server",
  "  any system:    the official binary from https://github.com/nats-io/nats-server/releases",
  "Or point NATS_URL at a running NATS server (2.10+) with JetStream.",
];

export class NatsServerMissingError extends Error {
  constructor() {
    super(
      [
        "No nats-server binary was found (NATS_SERVER_BIN, then PATH and .tools/nats).",
        ...HOW_TO_GET_ONE,
      ].join("\n"),
    );
    this.name = "NatsServerMissingError";
  }
}

export class NatsServerTooOldError extends Error {
  constructor(binary: string, version: string) {
    super(
      [
        `${binary} is nats-server ${version}; Krisstöd needs ${MINIMUM_NATS_SERVER.join(".")} or later.`,
        ...HOW_TO_GET_ONE,
      ].join("\n"),
    );
    this.name = "NatsServerTooOldError";
  }
}

export interface NatsServerHandle {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Stops the server (SIGTERM, or SIGKILL to simulate a crash). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface NatsServerBinary {
  readonly path: string;
  /** e.g. "2.15.1" */
  readonly version: string;
}

/** Where `.ci/nats-server.sh` unpacks Debian unstable's package in this checkout. */
const REPO_TOOLS = fileURLToPath(new URL("../../../.tools/nats/usr/", import.meta.url));

/**
 * The nats-server to run, with its version: NATS_SERVER_BIN when set; otherwise the first current
 * one of PATH's (or /usr/sbin's) and the one `.ci/nats-server.sh` put into .tools/nats — so a
 * machine whose system package is too old works once that script has run. When none is current,
 * the first one found (to name it in the error).
 */
export function natsServerBinary(): NatsServerBinary | undefined {
  const candidates = process.env.NATS_SERVER_BIN
    ? [process.env.NATS_SERVER_BIN]
    : [
        "nats-server",
        "/usr/sbin/nats-server",
        "/usr/bin/nats-server",
        join(REPO_TOOLS, "sbin", "nats-server"),
        join(REPO_TOOLS, "bin", "nats-server"),
      ];
  let first: NatsServerBinary | undefined;
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (probe.status !== 0) continue;
    const version = /v?(\d+\.\d+\.\d+)/.exec(`${probe.stdout}${probe.stderr}`)?.[1];
    if (!version) continue;
    if (isCurrentNatsServer(version)) return { path: candidate, version };
    first ??= { path: candidate, version };
  }
  return first;
}

export function isCurrentNatsServer(version: string): boolean {
  const parts = version.split(".").map(Number);
  for (const [i, minimum] of MINIMUM_NATS_SERVER.entries()) {
    const part = parts[i] ?? 0;
    if (part !== minimum) return part > minimum;
  }
  return true;
}

/** The binary to run, or an error that says how to get a current one. */
export function requireNatsServer(): NatsServerBinary {
  const binary = natsServerBinary();
  if (!binary) throw new NatsServerMissingError();
  if (!isCurrentNatsServer(binary.version)) throw new NatsServerTooOldError(binary.path, binary.version);
  return binary;
}

/**
 * Starts nats-server (2.10+) with JetStream as a child process, store in `storeDir`, listening on
 * 127.0.0.1 only. `authorization` is an `authorization { … }` block (see @krisstod/bus
 * renderAuthorization); the configuration, which then holds passwords, is written owner-only
 * into `storeDir`.
 */
export async function startNatsServer(options: {
  port: number;
  storeDir: string;
  authorization?: string;
  onLog?: (line: string) => void;
  /** A name of its own: needed in a cluster, where nodes know each other (and stream leaders) by name. */
  serverName?: string;
  /** Lines inside the `jetstream { … }` block, e.g. `sync_interval: always`, `domain: halland`. */
  jetstream?: readonly string[];
  /** Further configuration, e.g. a `cluster { … }` or `leafnodes { … }` block. */
  extra?: readonly string[];
}): Promise<NatsServerHandle> {
  const binary = requireNatsServer();
  const storeDir = resolve(options.storeDir);
  mkdirSync(storeDir, { recursive: true });
  const configFile = join(storeDir, "nats-server.conf");
  writeFileSync(
    configFile,
    [
      ...(options.serverName ? [`server_name: ${JSON.stringify(options.serverName)}`] : []),
      `listen: "127.0.0.1:${options.port}"`,
      `jetstream { store_dir: ${JSON.stringify(storeDir)}\n${(options.jetstream ?? []).join("\n")} }`,
      options.authorization ?? "",
      ...(options.extra ?? []),
    ].join("\n"),
    { mode: 0o600 },
  );
  const child = spawn(binary.path, ["-c", configFile], { stdio: ["ignore", "pipe", "pipe"] });
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
    if (await isListening(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server did not listen on ${port} within ${timeoutMs} ms`);
}
