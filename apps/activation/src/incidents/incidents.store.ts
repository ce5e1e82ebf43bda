import { createEvent, type Outbox } from "@krisstod/bus";
import type { CreateIncidentBody } from "@krisstod/contracts";
import { type Incident, type IncidentKind, IncidentOpened } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { and, desc, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { incidents } from "../db/schema.ts";

type IncidentRow = typeof incidents.$inferSelect;
type NewIncident = z.output<typeof CreateIncidentBody>;

export function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    organisationId: row.organisationId,
    countyCode: row.countyCode,
    kind: row.kind as IncidentKind,
    title: row.title,
    description: row.description,
    location: { lat: row.lat, lon: row.lon, ...(row.address ? { address: row.address } : {}) },
    occurredAt: row.occurredAt.toISOString(),
    affectedMunicipalities: row.affectedMunicipalities,
    extraordinary: row.extraordinary,
    crisisManagementActivated: row.crisisManagementActivated,
    status: row.status as Incident["status"],
    createdAt: row.createdAt.toISOString(),
  };
}

/** Opens an incident; the row and its `incident.opened` event commit together. */
export async function openIncident(db: Database, outbox: Outbox, input: NewIncident): Promise<Incident> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(incidents)
      .values({
        id: uuidv7(),
        organisationId: input.organisationId,
        countyCode: input.countyCode,
        kind: input.kind,
        title: input.title,
        description: input.description,
        lat: input.location.lat,
        lon: input.location.lon,
        address: input.location.address ?? null,
        occurredAt: new Date(input.occurredAt),
        affectedMunicipalities: input.affectedMunicipalities,
        extraordinary: input.extraordinary,
        crisisManagementActivated: input.crisisManagementActivated,
        status: "open",
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const incident = toIncident(row);
    await outbox.enqueue(
      tx,
      createEvent(IncidentOpened, {
        organisationId: incident.organisationId,
        countyCode: incident.countyCode,
        aggregateId: incident.id,
        data: incident,
      }),
    );
    return incident;
  });
}

export async function listIncidents(db: Database, filter: { countyCode?: string | undefined }) {
  const rows = await db
    .select()
    .from(incidents)
    .where(filter.countyCode ? eq(incidents.countyCode, filter.countyCode) : undefined)
    .orderBy(desc(incidents.createdAt))
    .limit(500);
  return rows.map(toIncident);
}

export async function findIncident(db: Database, id: string): Promise<Incident | undefined> {
  const [row] = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.id, id)))
    .limit(1);
  return row ? toIncident(row) : undefined;
}
