import { createEvent, type Outbox } from "@krisstod/bus";
import type { CreateIncidentBody, UpdateIncidentBody } from "@krisstod/contracts";
import {
  type Incident,
  IncidentClosed,
  IncidentOpened,
  IncidentUpdated,
  incidentFromColumns,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from "@krisstod/http";
import { and, desc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { closeActivationRow } from "../activations/close.ts";
import { countyOf } from "../activations/organisations.ts";
import { activations, incidents } from "../db/schema.ts";

type IncidentRow = typeof incidents.$inferSelect;
type NewIncident = z.output<typeof CreateIncidentBody>;
type IncidentChanges = z.output<typeof UpdateIncidentBody>;

export function toIncident(row: IncidentRow): Incident {
  return {
    ...incidentFromColumns(row),
    policeOperation: row.policeOperation,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Opens an incident of `owner` (the signed-in user's organisation and county); the row and its
 * `incident.opened` event commit together.
 */
export async function openIncident(
  db: Database,
  outbox: Outbox,
  input: NewIncident,
  owner: { organisationId: string; countyCode: string },
): Promise<Incident> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(incidents)
      .values({
        id: uuidv7(),
        organisationId: owner.organisationId,
        countyCode: owner.countyCode,
        kind: input.kind,
        title: input.title,
        description: input.description,
        lat: input.location.lat,
        lon: input.location.lon,
        address: input.location.address ?? null,
        occurredAt: new Date(input.occurredAt),
        affectedMunicipalities: input.affectedMunicipalities,
        extraordinary: input.extraordinary,
        extraordinarySince: input.extraordinary ? new Date(input.occurredAt) : null,
        crisisManagementActivated: input.crisisManagementActivated,
        policeOperation: input.policeOperation,
        exercise: input.exercise,
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

/**
 * Whether the organisation's ledningsgrupp was called for the incident as a neighbour's fallback.
 * Laholm 3.1: "Om Laholms POSOMs ledningsgrupp inte går att nå aktiveras Halmstads eller Båstads
 * POSOM via HILL" — Båstad is in Skåne, so its group then works on an incident of another county:
 * it reads the incident and calls out its own support persons for it.
 */
export async function isCalledAcrossBorder(
  db: Database,
  incidentId: string,
  organisationId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: activations.id })
    .from(activations)
    .where(
      and(
        eq(activations.incidentId, incidentId),
        eq(activations.organisationId, organisationId),
        eq(activations.group, "management"),
        isNotNull(activations.fallbackForActivationId),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Incidents of other counties than `countyCode` that the organisation's group was called to as a fallback. */
export async function incidentsCalledAcrossBorder(
  db: Database,
  organisationId: string,
  countyCode: string,
): Promise<Incident[]> {
  const rows = await db
    .selectDistinct({ incident: incidents })
    .from(incidents)
    .innerJoin(activations, eq(activations.incidentId, incidents.id))
    .where(
      and(
        eq(activations.organisationId, organisationId),
        eq(activations.group, "management"),
        isNotNull(activations.fallbackForActivationId),
        ne(incidents.countyCode, countyCode),
      ),
    );
  return rows.map((r) => toIncident(r.incident));
}

/**
 * The open incident a request of `organisationId` is about (mutual aid, the region's TIB,
 * Länsstyrelsen's TiB): 422 naming `incidentId` when there is none, 403 when it is another
 * county's, 409 once it is closed.
 */
export async function openIncidentOfOwnCounty(db: Database, organisationId: string, incidentId: string) {
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) {
    throw new UnprocessableError(
      "No such incident.",
      [{ field: "incidentId", message: "unknown incident" }],
      "unknown-incident",
    );
  }
  if (incident.countyCode !== countyOf(organisationId, incident.countyCode)) {
    throw new ForbiddenError("The incident is in another county.", "other-county");
  }
  if (incident.status !== "open") throw new ConflictError("The incident is closed.", "incident-closed");
  return incident;
}

export async function findIncident(db: Database, id: string): Promise<Incident | undefined> {
  const [row] = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.id, id)))
    .limit(1);
  return row ? toIncident(row) : undefined;
}

/**
 * An incident that becomes extraordinary after it was opened is extraordinary from that moment:
 * its situation reports are due from then, not from when it happened. Unchanged while it stays so.
 */
function extraordinarySince(current: IncidentRow, changes: IncidentChanges): Date | null {
  if (!changes.extraordinary) return null;
  if (current.extraordinary) return current.extraordinarySince ?? current.occurredAt;
  return new Date();
}

/**
 * Changes an open incident (only the fields given); the row and its `incident.updated` event, with
 * the whole new state, commit together. A closed incident stays as it was closed.
 */
export async function updateIncident(
  db: Database,
  outbox: Outbox,
  id: string,
  changes: IncidentChanges,
): Promise<Incident> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(incidents).where(eq(incidents.id, id)).for("update");
    if (!current) throw new NotFoundError("No such incident.");
    if (current.status === "closed") throw new ConflictError("The incident is closed.", "incident-closed");
    const [row] = await tx
      .update(incidents)
      .set({
        ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
        ...(changes.title !== undefined ? { title: changes.title } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.location !== undefined
          ? {
              lat: changes.location.lat,
              lon: changes.location.lon,
              address: changes.location.address ?? null,
            }
          : {}),
        ...(changes.occurredAt !== undefined ? { occurredAt: new Date(changes.occurredAt) } : {}),
        ...(changes.affectedMunicipalities !== undefined
          ? { affectedMunicipalities: changes.affectedMunicipalities }
          : {}),
        ...(changes.extraordinary !== undefined
          ? { extraordinary: changes.extraordinary, extraordinarySince: extraordinarySince(current, changes) }
          : {}),
        ...(changes.crisisManagementActivated !== undefined
          ? { crisisManagementActivated: changes.crisisManagementActivated }
          : {}),
        ...(changes.policeOperation !== undefined ? { policeOperation: changes.policeOperation } : {}),
      })
      .where(eq(incidents.id, id))
      .returning();
    if (!row) throw new Error("update returned no row");
    const incident = toIncident(row);
    await outbox.enqueue(
      tx,
      createEvent(IncidentUpdated, {
        organisationId: incident.organisationId,
        countyCode: incident.countyCode,
        aggregateId: incident.id,
        data: incident,
      }),
    );
    return incident;
  });
}

/**
 * Closes an incident and, with it, every activation still running: escalation stops and answer
 * links are refused from then on. Row changes and their events commit together.
 */
export async function closeIncident(
  db: Database,
  outbox: Outbox,
  id: string,
  evaluationDueDays: number,
): Promise<Incident> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(incidents).where(eq(incidents.id, id)).for("update");
    if (!current) throw new NotFoundError("No such incident.");
    if (current.status === "closed")
      throw new ConflictError("The incident is already closed.", "incident-closed");
    const [row] = await tx
      .update(incidents)
      .set({ status: "closed" })
      .where(eq(incidents.id, id))
      .returning();
    if (!row) throw new Error("update returned no row");
    const running = await tx
      .select()
      .from(activations)
      .where(
        and(
          eq(activations.incidentId, id),
          inArray(activations.status, ["calling", "staffed", "unreachable"]),
        ),
      )
      .for("update");
    const now = new Date();
    for (const activation of running) {
      // Each one ends as if closed on its own, so the after-work starts for it too.
      await closeActivationRow(tx, outbox, activation, {
        closedWith: "incident-closed",
        now,
        evaluationDueDays,
      });
    }
    const incident = toIncident(row);
    await outbox.enqueue(
      tx,
      createEvent(IncidentClosed, {
        organisationId: incident.organisationId,
        countyCode: incident.countyCode,
        aggregateId: incident.id,
        data: incident,
      }),
    );
    return incident;
  });
}
