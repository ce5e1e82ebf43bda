import type {
  CentreFunction,
  CentreOperator,
  CentreTemplate,
  CreateCentreTemplateBody,
  Principal,
  UpdateCentreTemplateBody,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@krisstod/http";
import { and, asc, eq, ne } from "drizzle-orm";
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

/**
 * Changes premises prepared by the principal's own organisation (another's are theirs to keep).
 * The equipment list is replaced whole; a name already used by another of its places is a conflict.
 */
export async function updateTemplate(
  db: Database,
  principal: Principal,
  id: string,
  input: z.output<typeof UpdateCentreTemplateBody>,
): Promise<CentreTemplate> {
  const [existing] = await db.select().from(centreTemplates).where(eq(centreTemplates.id, id)).limit(1);
  if (!existing) throw new NotFoundError("No such prepared place.");
  if (existing.organisationId !== principal.organisationId) {
    throw new ForbiddenError("Another organisation's prepared places are its own.", "not-own-template");
  }
  if (input.name !== undefined && input.name !== existing.name) {
    const [clash] = await db
      .select({ id: centreTemplates.id })
      .from(centreTemplates)
      .where(
        and(
          eq(centreTemplates.organisationId, existing.organisationId),
          eq(centreTemplates.name, input.name),
          ne(centreTemplates.id, id),
        ),
      )
      .limit(1);
    if (clash) throw new ConflictError(`Your organisation already has a place named ${input.name}.`);
  }
  const [row] = await db
    .update(centreTemplates)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.location !== undefined
        ? { lat: input.location.lat, lon: input.location.lon, address: input.location.address ?? null }
        : {}),
      ...(input.functions !== undefined ? { functions: input.functions } : {}),
      ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
      ...(input.equipment !== undefined ? { equipment: input.equipment } : {}),
    })
    .where(eq(centreTemplates.id, id))
    .returning();
  if (!row) throw new NotFoundError("No such prepared place.");
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
