import { connectNatsWithEnv } from "@krisstod/bus";
import { ConfigError } from "@krisstod/config";
import { createLogger } from "@krisstod/logging";
import { type HubSetupEnv, hubSetupEnvFrom } from "./env.ts";
import { ensureHubStreams, type HubStreamOutcome, readHubStreamFile } from "./hub-streams.ts";

/**
 * Keeps the hub's streams as their definition files say (hub-streams.ts), then ends. Run before
 * the national picture starts (its init container), so the national stream it reads exists.
 */
export async function runHubSetupOnce(env: HubSetupEnv): Promise<Record<string, HubStreamOutcome>> {
  const logger = createLogger("hub-setup", env.LOG_LEVEL);
  // Every file is read and checked before anything is changed at the hub.
  const definitions = env.HUB_STREAM_FILES.map(readHubStreamFile);
  const nc = await connectNatsWithEnv(env, { name: "hub-setup", logger });
  try {
    return await ensureHubStreams(nc, definitions, logger);
  } finally {
    await nc.close().catch(() => {});
  }
}

/** The entry of REPORTING_MODE=hub-setup: exit 0 once the streams are right, 1 (78: bad settings) if not. */
export async function runHubSetup(): Promise<void> {
  try {
    await runHubSetupOnce(hubSetupEnvFrom(process.env));
    process.exit(0);
  } catch (error) {
    process.stderr.write(`hub set-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  }
}
