import { fileURLToPath } from "node:url";
import type { Environment } from "@krisstod/config";
import type { ServiceDefinition } from "@krisstod/runtime";
import { createApp } from "./app.ts";
import { startOccupancyClock } from "./centres/occupancy-clock.ts";
import { seedPklTemplates } from "./centres/templates.ts";
import { audit, tables } from "./db/schema.ts";
import { supportCentresSettingsFrom } from "./env.ts";
import { rememberIncidentLocation } from "./incidents/incident-locations.ts";
import { startRetention } from "./retention/retention.ts";

/**
 * The support-centres service with its own settings (env.ts) read from `environment`: main.ts
 * passes process.env, a test the few it changes; the rest are defaults.
 */
export function createSupportCentresService(environment: Environment = {}): ServiceDefinition {
  const settings = supportCentresSettingsFrom(environment);
  return {
    name: "support-centres",
    schemaName: "support_centres",
    migrationsFolder: fileURLToPath(new URL("../drizzle", import.meta.url)),
    tables,
    audit,
    consumers: [
      {
        durable: "support-centres-incident-locations",
        // Every county and organisation: incident.opened, .updated (the place corrected), .closed.
        filterSubject: (ns) => `${ns}.events.*.*.incident.>`,
        handle: () => rememberIncidentLocation,
      },
    ],
    background: [
      // Other organisations learn a centre's counts only from this clock (docs/suppression.md).
      async (context) =>
        startOccupancyClock(
          context.database.db,
          context.outbox,
          context.logger,
          settings.OCCUPANCY_PUBLISH_INTERVAL_MS,
        ),
      async (context) =>
        startRetention(
          context.database.db,
          context.logger,
          settings.VISITOR_DATA_RETENTION_DAYS,
          60 * 60 * 1000,
        ),
    ],
    seedDemoData: (context) => seedPklTemplates(context.database.db),
    buildApp: (context) => createApp(context, { settings }),
  };
}

/** The support-centres service with its default settings. */
export const supportCentresService: ServiceDefinition = createSupportCentresService();
