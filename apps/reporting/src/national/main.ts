import { ConfigError } from "@krisstod/config";
import { stopOnSignals } from "@krisstod/runtime";
import { nationalEnvFrom } from "./env.ts";
import { startNationalReporting } from "./service.ts";

/** The national mode's entry (apps/reporting/src/main.ts with REPORTING_MODE=national). */
export async function runNational(): Promise<void> {
  let env: ReturnType<typeof nationalEnvFrom>;
  try {
    env = nationalEnvFrom(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  // As every service stops: cleanly on SIGINT/SIGTERM, and exits anyway when the stop hangs.
  stopOnSignals(await startNationalReporting(env));
}
