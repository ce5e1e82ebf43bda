import { fileURLToPath } from "node:url";
import type { ServiceDefinition } from "@krisstod/runtime";
import { createApp } from "./app.ts";
import { audit, tables } from "./db/schema.ts";
import { loadActivationEnv } from "./env.ts";
import { notifierFromEnv } from "./notifier/index.ts";
import { partsFor } from "./parts.ts";
import { startSender } from "./workers/sender.ts";
import { startTimerWorker } from "./workers/timers.ts";

/**
 * The activation service. `overrides` are extra environment variables (as strings) for this
 * instance, e.g. a short CALLOUT_WAIT_MS in tests; the rest comes from process.env.
 */
export function createActivationService(overrides: Record<string, string> = {}): ServiceDefinition {
  const env = () => loadActivationEnv(overrides);
  return {
    name: "activation",
    schemaName: "activation",
    migrationsFolder: fileURLToPath(new URL("../drizzle", import.meta.url)),
    tables,
    audit,
    buildApp: (context) => createApp(context, partsFor(context, env())),
    background: [
      async (context) => {
        const parts = partsFor(context, env());
        const { notifier, close } = notifierFromEnv(parts.env, context.database.db);
        const stopSender = startSender(context, parts, notifier);
        const stopTimers = startTimerWorker(context, parts);
        return async () => {
          await stopTimers();
          await stopSender();
          close();
        };
      },
    ],
  };
}

export const activationService: ServiceDefinition = createActivationService();
