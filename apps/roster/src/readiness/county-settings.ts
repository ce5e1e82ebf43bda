import type { Outbox } from "@krisstod/bus";
import {
  RosterCountySettings,
  readinessWeightKeys,
  type RosterCountySettings as Settings,
} from "@krisstod/contracts";
import { type CountySettings, countySettings } from "@krisstod/runtime/county-settings";
import { eq } from "drizzle-orm";
import { audit, countySettingsRows, organisations } from "../db/schema.ts";
import { rosterCountyDefaults } from "./compute.ts";
import { refreshReadiness } from "./readiness.store.ts";

/**
 * The county's readiness weights and call-list review interval (numbers no guideline gives). With
 * an outbox, a change scores every organisation of the county anew in the same transaction, so
 * the regional picture gets `roster.readiness-changed` for each one whose readiness moved.
 */
export function rosterCountySettings(outbox?: Outbox): CountySettings<Settings> {
  return countySettings({
    service: "roster",
    table: countySettingsRows,
    schema: RosterCountySettings,
    defaults: rosterCountyDefaults,
    audit,
    check: (values) => {
      const sum = readinessWeightKeys.reduce((total, key) => total + values[key], 0);
      if (sum === 100) return [];
      return readinessWeightKeys.map((field) => ({ field, message: `the weights sum to ${sum}, not 100` }));
    },
    ...(outbox
      ? {
          afterChange: async (tx, countyCode) => {
            const ids = await tx
              .select({ id: organisations.id })
              .from(organisations)
              .where(eq(organisations.countyCode, countyCode));
            for (const { id } of ids) await refreshReadiness(tx, outbox, id);
          },
        }
      : {}),
  });
}
