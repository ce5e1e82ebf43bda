import { fileURLToPath } from "node:url";
import type { Environment } from "@krisstod/config";
import { subjects } from "@krisstod/contracts";
import { perContext, type ServiceDefinition } from "@krisstod/runtime";
import { AFTER_ACTION_CONSUMER, recordActivationEvent } from "./after-action/activation-events.ts";
import { AID_PARTICIPANTS_CONSUMER, recordAidParticipants } from "./after-action/aid-participants.ts";
import { recordShiftHours, SHIFT_HOURS_CONSUMER } from "./after-action/shift-hours.ts";
import { createApp } from "./app.ts";
import { audit, tables } from "./db/schema.ts";
import { reportingSettingsFrom } from "./env.ts";
import { seedFaithCommunities } from "./faith-communities/demo.ts";
import { FeedHub } from "./picture/feed-hub.ts";
import { PICTURE_CONSUMER, projectEvents } from "./picture/projection.ts";

// One feed hub per running instance (tests may run several in one process); the background
// starts it before the app is built.
const hubOf = perContext((context) => new FeedHub(context.database, context.logger));

/**
 * The reporting service with its own settings (env.ts) read from `environment`: main.ts passes
 * process.env, a test the few it changes; the rest are defaults.
 */
export function createReportingService(environment: Environment = {}): ServiceDefinition {
  reportingSettingsFrom(environment);
  return {
    name: "reporting",
    schemaName: "reporting",
    migrationsFolder: fileURLToPath(new URL("../drizzle", import.meta.url)),
    tables,
    audit,
    consumers: [
      {
        durable: PICTURE_CONSUMER,
        filterSubject: (ns) => subjects.allEvents(ns),
        handle: () => ({ batch: projectEvents }),
        // The picture keeps the latest state of each thing: its events go in stream order, so one
        // replica at a time applies them (two replicas at once let an older state win).
        exclusive: true,
      },
      {
        durable: AFTER_ACTION_CONSUMER,
        // Only the activation service's activation events (any county, any organisation).
        filterSubject: (ns) => subjects.event(ns, "*", "*", "activation.>"),
        handle: () => recordActivationEvent,
      },
      {
        durable: SHIFT_HOURS_CONSUMER,
        // Checked-out centre shifts: their hours join the after-work's summary.
        filterSubject: (ns) => subjects.event(ns, "*", "*", "centre.shift-completed"),
        handle: () => recordShiftHours,
      },
      {
        durable: AID_PARTICIPANTS_CONSUMER,
        // Helpers sent under mutual aid join the asker's after-work.
        filterSubject: (ns) => subjects.event(ns, "*", "*", "mutual-aid.deployed"),
        handle: () => recordAidParticipants,
      },
    ],
    background: [
      async (context) => {
        const hub = hubOf(context);
        await hub.start();
        return () => hub.stop();
      },
    ],
    seedDemoData: (context) => seedFaithCommunities(context.database.db),
    buildApp: (context) => createApp(context, hubOf(context)),
  };
}

/** The reporting service with its default settings. */
export const reportingService: ServiceDefinition = createReportingService();
