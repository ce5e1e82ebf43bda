import { type ChildProcess, spawn } from "node:child_process";
import { prefixedOutput } from "./output.ts";

/** One process the launcher runs: a service, the dashboard, and later e.g. an OIDC issuer. */
export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Added to the launcher's own environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Shown in the table of URLs once everything is ready. */
  readonly url: string;
  /** The launcher variable that sets this process's port, named when the port is taken. */
  readonly portVariable: string;
  /** Polled until it answers 200. */
  readonly readyUrl: string;
}

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** A running child: its output prefixed with its name, stoppable with a deadline. */
export class ManagedChild {
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcess;
  private stopping = false;

  constructor(readonly spec: ProcessSpec) {
    const output = prefixedOutput(spec.name);
    this.child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    output.pipe(this.child.stdout);
    output.pipe(this.child.stderr);
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => resolve({ code, signal }));
      // A command that cannot be spawned at all ends here instead of "exit".
      this.child.once("error", (error) => {
        output.line(`could not start: ${error.message}`);
        resolve({ code: null, signal: null });
      });
    });
  }

  get name(): string {
    return this.spec.name;
  }

  /** True once stop() was called: an exit after that is expected, not a crash. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** Resolves once readyUrl answers 200; rejects if the process exits first or time runs out. */
  async waitUntilReady(deadline: number): Promise<void> {
    let exit: ExitInfo | undefined;
    void this.exited.then((info) => {
      exit = info;
    });
    while (Date.now() < deadline) {
      if (exit) throw new Error(`${this.name} ${describeExit(exit)} before it was ready`);
      if (await answers200(this.spec.readyUrl)) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name} did not answer 200 on ${this.spec.readyUrl} in time`);
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  async stop(graceMs = 10_000): Promise<ExitInfo> {
    this.stopping = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    const timer = setTimeout(() => {
      prefixedOutput(this.name).line(`did not stop within ${graceMs} ms; killing it`);
      this.child.kill("SIGKILL");
    }, graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
