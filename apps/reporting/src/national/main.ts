import { ConfigError } from "@krisstod/config";
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
  const running = await startNationalReporting(env);
  const stop = () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
