import type {
  CentreFunction,
  CentreOperator,
  CentreTemplate,
  CreateCentreTemplateBody,
  Principal,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError } from "@krisstod/http";
import { asc, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
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
    equipment: row.equipment,
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

/**
 * Laholm 3.2: "Ansvara för att lämpliga lokaler och utrustning finns att tillgå." A lead prepares a
 * place for their own organisation (a municipality's for POSOM, the region's for PKL), offered
 * afterwards when a centre is opened.
 */
export async function createTemplate(
  db: Database,
  principal: Principal,
  input: z.output<typeof CreateCentreTemplateBody>,
): Promise<CentreTemplate> {
  const [row] = await db
    .insert(centreTemplates)
    .values({
      id: uuidv7(),
      organisationId: principal.organisationId,
      // The region's leads prepare PKL's places, a municipality's POSOM lead POSOM's.
      operator: principal.roles.some((r) => r === "pkl-lead" || r === "region-tib") ? "pkl" : "posom",
      name: input.name,
      address: input.location.address ?? null,
      lat: input.location.lat,
      lon: input.location.lon,
      functions: input.functions,
      capacity: input.capacity,
      equipment: input.equipment,
    })
    .onConflictDoNothing({ target: [centreTemplates.organisationId, centreTemplates.name] })
    .returning();
  if (!row) throw new ConflictError(`Your organisation already has a place named ${input.name}.`);
  return toTemplate(row);
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
