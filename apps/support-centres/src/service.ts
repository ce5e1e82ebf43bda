import { fileURLToPath } from "node:url";
import { IncidentOpened } from "@krisstod/contracts";
import type { ServiceDefinition } from "@krisstod/runtime";
import { createApp } from "./app.ts";
import { seedPklTemplates } from "./centres/templates.ts";
import { tables } from "./db/schema.ts";
import { rememberIncidentLocation } from "./incidents/incident-locations.ts";
import { defaultSettings, type SupportCentresSettings } from "./settings.ts";

/** The service with the given settings (main.ts reads them from the environment; tests pass their own). */
export function defineSupportCentresService(
  settings: SupportCentresSettings = defaultSettings,
): ServiceDefinition {
  return {
    name: "support-centres",
    schemaName: "support_centres",
    migrationsFolder: fileURLToPath(new URL("../drizzle", import.meta.url)),
    tables,
    consumers: [
      {
        durable: "support-centres-incident-locations",
        // Every county and organisation, only incident.opened.
        filterSubject: (ns) => `${ns}.events.*.*.${IncidentOpened.type}`,
        handle: () => rememberIncidentLocation,
      },
    ],
    seedDemoData: (context) => seedPklTemplates(context.database.db),
    buildApp: (context) => createApp(context, settings),
  };
}

export const supportCentresService: ServiceDefinition = defineSupportCentresService();
