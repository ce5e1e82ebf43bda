import type { CentreFunction, CentreOperator, CentreTemplate } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { asc, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { centreTemplates } from "../db/schema.ts";

type TemplateRow = typeof centreTemplates.$inferSelect;

function toTemplate(row: TemplateRow): CentreTemplate {
  return {
    id: row.id,
    organisationId: row.organisationId,
    operator: row.operator as CentreOperator,
    name: row.name,
    location: { lat: row.lat, lon: row.lon, ...(row.address ? { address: row.address } : {}) },
    functions: row.functions as CentreFunction[],
    capacity: row.capacity,
  };
}

export async function listTemplates(db: Database, organisationId?: string): Promise<CentreTemplate[]> {
  const rows = await db
    .select()
    .from(centreTemplates)
    .where(organisationId ? eq(centreTemplates.organisationId, organisationId) : undefined)
    .orderBy(asc(centreTemplates.name));
  return rows.map(toTemplate);
}

const pklFunctions: CentreFunction[] = [
  "information-referral",
  "crisis-support-follow-up",
  "coordination-referral",
  "information-own-organisation",
  "simple-catering",
];

/**
 * PKL's default places in Halland (guideline: "i första hand vid sjukhusen i Kungsbacka, Varberg
 * och Halmstad eller vårdcentralen i Ullared"). Coordinates are approximate, to the town's
 * hospital or health centre; the lead confirms the address when opening.
 */
const HALLAND_PKL_PLACES = [
  { name: "Hallands sjukhus Kungsbacka", address: "Kungsbacka", lat: 57.4926, lon: 12.0806 },
  { name: "Hallands sjukhus Varberg", address: "Varberg", lat: 57.1199, lon: 12.2665 },
  { name: "Hallands sjukhus Halmstad", address: "Halmstad", lat: 56.6797, lon: 12.8726 },
  { name: "Vårdcentralen Ullared", address: "Ullared", lat: 57.1353, lon: 12.7163 },
];

/** Idempotent: a second run adds nothing (unique organisation + name). */
export async function seedPklTemplates(db: Database): Promise<void> {
  await db
    .insert(centreTemplates)
    .values(
      HALLAND_PKL_PLACES.map((place) => ({
        id: uuidv7(),
        organisationId: "region-13",
        operator: "pkl",
        name: place.name,
        address: place.address,
        lat: place.lat,
        lon: place.lon,
        functions: pklFunctions,
        capacity: 100,
      })),
    )
    .onConflictDoNothing({ target: [centreTemplates.organisationId, centreTemplates.name] });
}
