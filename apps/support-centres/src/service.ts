import { fileURLToPath } from "node:url";
import type { ServiceDefinition } from "@krisstod/runtime";
import { createApp } from "./app.ts";
import { seedPklTemplates } from "./centres/templates.ts";
import { audit, tables } from "./db/schema.ts";
import { rememberIncidentLocation } from "./incidents/incident-locations.ts";
import { startRetention } from "./retention/retention.ts";
import { defaultSettings, type SupportCentresSettings } from "./settings.ts";

export interface SupportCentresServiceOptions {
  /** Default: the defaults of `supportCentresEnv` (main.ts passes the parsed environment). */
  settings?: SupportCentresSettings;
}

export function createSupportCentresService(options: SupportCentresServiceOptions = {}): ServiceDefinition {
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
      async (context) =>
        startRetention(
          context.database.db,
          context.logger,
          (options.settings ?? defaultSettings).VISITOR_DATA_RETENTION_DAYS,
          60 * 60 * 1000,
        ),
    ],
    seedDemoData: (context) => seedPklTemplates(context.database.db),
    buildApp: (context) => createApp(context, { settings: options.settings ?? defaultSettings }),
  };
}

/** The support-centres service with its default settings. */
export const supportCentresService: ServiceDefinition = createSupportCentresService();
