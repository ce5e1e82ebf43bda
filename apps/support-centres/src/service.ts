import { fileURLToPath } from "node:url";
import { authEnv, type TokenVerifier, verifierFromEnv } from "@krisstod/auth";
import { parseEnv } from "@krisstod/config";
import { IncidentOpened } from "@krisstod/contracts";
import type { ServiceDefinition } from "@krisstod/runtime";
import { createApp } from "./app.ts";
import { seedPklTemplates } from "./centres/templates.ts";
import { tables } from "./db/schema.ts";
import { rememberIncidentLocation } from "./incidents/incident-locations.ts";
import { startRetention } from "./retention/retention.ts";
import { defaultSettings, type SupportCentresSettings } from "./settings.ts";

export interface SupportCentresServiceOptions {
  /** Default: the defaults of `supportCentresEnv` (main.ts passes the parsed environment). */
  settings?: SupportCentresSettings;
  /** Verifies access tokens; default: from the OIDC_* variables. */
  verifier?: TokenVerifier;
  corsOrigins?: readonly string[];
}

export function createSupportCentresService(options: SupportCentresServiceOptions = {}): ServiceDefinition {
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
    buildApp: (context) => {
      const auth = options.verifier ? undefined : parseEnv(authEnv);
      return createApp(context, {
        settings: options.settings ?? defaultSettings,
        verifier: options.verifier ?? verifierFromEnv(auth ?? parseEnv(authEnv)),
        corsOrigins: options.corsOrigins ?? auth?.CORS_ORIGINS ?? [],
      });
    },
  };
}

/** The support-centres service, verifying tokens as the OIDC_* variables say. */
export const supportCentresService: ServiceDefinition = createSupportCentresService();
