import { fileURLToPath } from "node:url";
import type { Environment } from "@krisstod/config";
import { subjects } from "@krisstod/contracts";
import { perContext, type ServiceDefinition } from "@krisstod/runtime";
import { CENTRE_STAFF_CONSUMER, recordCentreStaff } from "./after-work/centre-staff.ts";
import { createApp } from "./app.ts";
import { audit, tables } from "./db/schema.ts";
import { activationSettingsFrom } from "./env.ts";
import { startAidExchange } from "./mutual-aid/exchange.ts";
import { notifierFromEnv } from "./notifier/index.ts";
import { createActivationParts } from "./parts.ts";
import { startDebriefOfferWriter } from "./workers/debrief-offer-writer.ts";
import { startSender } from "./workers/sender.ts";
import { startTimerWorker } from "./workers/timers.ts";

/**
 * The activation service with its own settings (env.ts) read from `environment`: main.ts passes
 * process.env, a test the few it changes (e.g. a short CALLOUT_WAIT_MS); the rest are defaults.
 */
export function createActivationService(environment: Environment = {}): ServiceDefinition {
  const settings = activationSettingsFrom(environment);
  const partsOf = perContext((context) => createActivationParts(context, settings));
  return {
    name: "activation",
    schemaName: "activation",
    migrationsFolder: fileURLToPath(new URL("../drizzle", import.meta.url)),
    tables,
    audit,
    consumers: [
      {
        durable: CENTRE_STAFF_CONSUMER,
        // Who worked the support centres' shifts: they are offered a debrief too.
        filterSubject: (ns) => subjects.event(ns, "*", "*", "centre.staff-checked-in"),
        handle: (context) => recordCentreStaff(context.outbox),
      },
    ],
    buildApp: (context) => createApp(context, partsOf(context)),
    background: [
      async (context) => {
        const parts = partsOf(context);
        const { notifier, close } = notifierFromEnv(parts.env, context.database.db);
        const stopSender = startSender(context, parts, notifier);
        const stopTimers = startTimerWorker(context, parts);
        const stopOffers = startDebriefOfferWriter(context, parts);
        // Mutual aid with other counties' deployments, when configured (national topology).
        const stopExchange = await startAidExchange(context, parts.env);
        return async () => {
          await stopExchange();
          await stopOffers();
          await stopTimers();
          await stopSender();
          close();
        };
      },
    ],
  };
}

/** The activation service with its default settings. */
export const activationService: ServiceDefinition = createActivationService();
