import { type AuditAction, appendAudit } from "@krisstod/audit";
import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type CreateShiftBody,
  type Principal,
  type Shift,
  ShiftCompleted,
  StaffCheckedIn,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ConflictError, NotFoundError, UnprocessableError } from "@krisstod/http";
import { and, asc, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { findOperatedCentre } from "../centres/centres.store.ts";
import { audit, shifts } from "../db/schema.ts";
import type { SupportCentresSettings } from "../env.ts";
import { actorOf } from "../visitors/audit-visitors.ts";
import { splitWorkedMinutes } from "./working-hours.ts";

type ShiftRow = typeof shifts.$inferSelect;

/**
 * One audit row per support person whose shift (name, hours) a request showed, in its
 * transaction; a person with several shifts in one answer is one read.
 */
async function auditShiftPeople(
  tx: Transaction,
  principal: Principal,
  action: AuditAction,
  rows: readonly ShiftRow[],
  incidentId: string,
): Promise<void> {
  const people = new Map(rows.map((r) => [r.personId, r.homeOrganisationId]));
  await appendAudit(
    tx,
    audit,
    [...people].map(([id, organisationId]) => ({
      actor: actorOf(principal),
      action,
      subject: { kind: "person", id, organisationId },
      incidentId,
      reason: "centre shift",
    })),
  );
}

function toShift(row: ShiftRow): Shift {
  return {
    id: row.id,
    centreId: row.centreId,
    personId: row.personId,
    personName: row.personName,
    homeOrganisationId: row.homeOrganisationId,
    viaMutualAid: row.viaMutualAid,
    plannedStart: row.plannedStart.toISOString(),
    plannedEnd: row.plannedEnd.toISOString(),
    checkedInAt: row.checkedInAt?.toISOString() ?? null,
    checkedOutAt: row.checkedOutAt?.toISOString() ?? null,
    minutesWorked: row.minutesWorked,
    minutesOutsideOrdinaryHours: row.minutesOutsideOrdinaryHours,
  };
}

export async function planShift(
  db: Database,
  principal: Principal,
  centreId: string,
  body: z.output<typeof CreateShiftBody>,
): Promise<Shift> {
  const centre = await findOperatedCentre(db, principal, centreId);
  if (centre.status === "closed") throw new ConflictError("The centre is closed.", "centre-closed");
  // A person from another organisation works here through mutual aid; say so explicitly.
  const ownPeople = [centre.posomOrganisationId, centre.pklOrganisationId];
  if (!ownPeople.includes(body.homeOrganisationId) && !body.viaMutualAid) {
    throw new UnprocessableError("A person from another organisation is received through mutual aid.", [
      { field: "viaMutualAid", message: "must be true for a person from another organisation" },
    ]);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(shifts)
      .values({
        id: uuidv7(),
        centreId,
        personId: body.personId,
        personName: body.personName,
        homeOrganisationId: body.homeOrganisationId,
        viaMutualAid: body.viaMutualAid,
        plannedStart: new Date(body.plannedStart),
        plannedEnd: new Date(body.plannedEnd),
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await auditShiftPeople(tx, principal, "write", [row], centre.incidentId);
    return toShift(row);
  });
}

export async function listShifts(db: Database, principal: Principal, centreId: string): Promise<Shift[]> {
  const centre = await findOperatedCentre(db, principal, centreId);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(shifts)
      .where(eq(shifts.centreId, centreId))
      .orderBy(asc(shifts.plannedStart));
    await auditShiftPeople(tx, principal, "read", rows, centre.incidentId);
    return rows.map(toShift);
  });
}

export async function clockShift(
  db: Database,
  outbox: Outbox,
  settings: SupportCentresSettings,
  principal: Principal,
  centreId: string,
  shiftId: string,
  kind: "check-in" | "check-out",
  at: Date,
): Promise<Shift> {
  const centre = await findOperatedCentre(db, principal, centreId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(shifts)
      .where(and(eq(shifts.id, shiftId), eq(shifts.centreId, centreId)))
      .for("update");
    if (!row) throw new NotFoundError("No such shift at this centre.");
    if (kind === "check-in") {
      if (row.checkedInAt) throw new ConflictError("Already checked in.");
      const [updated] = await tx
        .update(shifts)
        .set({ checkedInAt: at })
        .where(eq(shifts.id, row.id))
        .returning();
      if (!updated) throw new Error("update returned no row");
      await auditShiftPeople(tx, principal, "write", [updated], centre.incidentId);
      // Laholm 3.7: "alla som deltagit i arbetet erbjudas stödsamtal" — whoever came for a shift
      // took part; the activation service offers the debrief when the organisation's work ends.
      await outbox.enqueue(
        tx,
        createEvent(StaffCheckedIn, {
          organisationId: principal.organisationId,
          countyCode: centre.countyCode,
          aggregateId: updated.id,
          data: {
            shiftId: updated.id,
            centreId,
            incidentId: centre.incidentId,
            personId: updated.personId,
            homeOrganisationId: updated.homeOrganisationId,
            viaMutualAid: updated.viaMutualAid,
            checkedInAt: at.toISOString(),
          },
        }),
      );
      return toShift(updated);
    }
    if (!row.checkedInAt) throw new ConflictError("Check in before checking out.");
    if (row.checkedOutAt) throw new ConflictError("Already checked out.");
    if (at <= row.checkedInAt) {
      throw new UnprocessableError("Check-out must be after check-in.", [
        { field: "at", message: "before check-in" },
      ]);
    }
    const { worked, outsideOrdinary } = splitWorkedMinutes(row.checkedInAt, at, {
      start: settings.ORDINARY_HOURS_START,
      end: settings.ORDINARY_HOURS_END,
      timeZone: settings.TIME_ZONE,
    });
    const [updated] = await tx
      .update(shifts)
      .set({ checkedOutAt: at, minutesWorked: worked, minutesOutsideOrdinaryHours: outsideOrdinary })
      .where(eq(shifts.id, row.id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    await auditShiftPeople(tx, principal, "write", [updated], centre.incidentId);
    // The hours flow into the after-work's summary instead of being typed again (reporting).
    await outbox.enqueue(
      tx,
      createEvent(ShiftCompleted, {
        organisationId: updated.viaMutualAid ? principal.organisationId : updated.homeOrganisationId,
        countyCode: centre.countyCode,
        aggregateId: updated.id,
        data: {
          shiftId: updated.id,
          centreId,
          incidentId: centre.incidentId,
          minutesWorked: worked,
          minutesOutsideOrdinaryHours: outsideOrdinary,
        },
      }),
    );
    return toShift(updated);
  });
}
