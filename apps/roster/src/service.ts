import { fileURLToPath } from "node:url";
import type { Environment } from "@krisstod/config";
import { subjects } from "@krisstod/contracts";
import type { ServiceDefinition } from "@krisstod/runtime";
import { createApp } from "./app.ts";
import { audit, tables } from "./db/schema.ts";
import { seedDemoData } from "./demo/seed.ts";
import { DEPLOYMENTS_CONSUMER, recordDeployment } from "./deployments/deployments.store.ts";
import { refreshAllReadiness } from "./readiness/readiness.store.ts";
import { startRosterRpc } from "./rpc/rpc.ts";
import { importLimitsFromEnv } from "./transfer/limits.ts";

export interface RosterServiceOptions {
  /** How often readiness is re-checked for changes that come with time alone. */
  readinessIntervalMs?: number;
}

/**
 * The roster service with its own settings (env.ts) read from `environment`: main.ts passes
 * process.env, a test the few it changes (e.g. a small import limit); the rest are defaults.
 */
export function createRosterService(
  environment: Environment = {},
  options: RosterServiceOptions = {},
): ServiceDefinition {
  const limits = importLimitsFromEnv(environment);
  return {
    name: "roster",
    schemaName: "roster",
    migrationsFolder: fileURLToPath(new URL("../drizzle", import.meta.url)),
    tables,
    audit,
    buildApp: (context) => createApp(context, limits),
    consumers: [
      {
        durable: DEPLOYMENTS_CONSUMER,
        // The activation service's mutual-aid events, any county and organisation; the handler keeps
        // deployments and releases and skips the rest.
        filterSubject: (ns) => subjects.event(ns, "*", "*", "mutual-aid.>"),
        handle: () => recordDeployment,
      },
    ],
    background: [
      startRosterRpc,
      async (context) => {
        const timer = setInterval(
          () => {
            refreshAllReadiness(context.database.db, context.outbox).catch((error: unknown) =>
              context.logger.error({ err: error }, "readiness refresh failed"),
            );
          },
          options.readinessIntervalMs ?? 60 * 60 * 1000,
        );
        timer.unref();
        return async () => clearInterval(timer);
      },
    ],
    seedDemoData,
  };
}

/** The roster service with its default settings. */
export const rosterService = createRosterService();
