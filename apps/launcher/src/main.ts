import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadLauncherEnv, repoRoot } from "./env.ts";
import { tsxLoader } from "./processes.ts";

/*
 * `npm start`. This front process validates the configuration, then runs the supervisor
 * (supervisor.ts) in a process group of its own. Why: Ctrl-C in a terminal signals the whole
 * foreground group, and nats-server and PostgreSQL would then stop at the same moment as the
 * services that still use them. Here only this process gets it, and asks the supervisor to stop
 * everything in order. The supervisor also stops if this process disappears.
 */
loadLauncherEnv();

const supervisor = spawn(
  process.execPath,
  ["--import", tsxLoader, fileURLToPath(new URL("./supervisor.ts", import.meta.url))],
  { cwd: repoRoot, detached: true, stdio: ["ignore", "inherit", "inherit", "ipc"] },
);

// `npm start` runs this file in node itself (`--import tsx`), not under the tsx CLI: the CLI relays
// a signal and, when the child has not confirmed it within 30 ms (a busy machine), kills it with
// SIGKILL and exits 130. The script also `exec`s node, so no shell stays between npm and us: a
// shell that got the terminal's SIGINT kills itself with it once its child exits, however cleanly,
// and npm then exits 130 too. A Ctrl-C may still arrive more than once (from the terminal and
// relayed by npm); the supervisor needs it once.
let forwarded = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (forwarded) return;
    forwarded = true;
    supervisor.kill(signal === "SIGINT" ? "SIGINT" : "SIGTERM");
  });
}

supervisor.once("exit", (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
