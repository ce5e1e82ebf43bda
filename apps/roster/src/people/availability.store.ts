import { createEvent, type Outbox } from "@krisstod/bus";
import { RosterAvailabilityChanged, type UnavailabilityPeriod } from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { NotFoundError } from "@krisstod/http";
import { and, asc, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { unavailability } from "../db/schema.ts";
import type { PersonRow } from "./people.store.ts";

export type UnavailabilityRow = typeof unavailability.$inferSelect;

export function toPeriod(row: UnavailabilityRow): UnavailabilityPeriod {
  return {
    id: row.id,
    personId: row.personId,
    from: row.fromAt.toISOString(),
    to: row.toAt.toISOString(),
    reason: row.reason as UnavailabilityPeriod["reason"],
  };
}

export async function listUnavailability(db: Database | Transaction, personId: string) {
  const rows = await db
    .select()
    .from(unavailability)
    .where(eq(unavailability.personId, personId))
    .orderBy(asc(unavailability.fromAt));
  return rows.map(toPeriod);
}

function changed(
  person: PersonRow,
  countyCode: string,
  row: UnavailabilityRow,
  change: "unavailable" | "cleared",
) {
  return createEvent(RosterAvailabilityChanged, {
    organisationId: person.organisationId,
    countyCode,
    aggregateId: person.id,
    data: {
      personId: person.id,
      periodId: row.id,
      change,
      from: row.fromAt.toISOString(),
      to: row.toAt.toISOString(),
    },
  });
}

export async function addUnavailability(
  db: Database,
  outbox: Outbox,
  person: PersonRow,
  countyCode: string,
  period: { from: string; to: string; reason: string },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(unavailability)
      .values({
        id: uuidv7(),
        personId: person.id,
        fromAt: new Date(period.from),
        toAt: new Date(period.to),
        reason: period.reason,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await outbox.enqueue(tx, changed(person, countyCode, row, "unavailable"));
    return toPeriod(row);
  });
}

export async function removeUnavailability(
  db: Database,
  outbox: Outbox,
  person: PersonRow,
  countyCode: string,
  periodId: string,
) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(unavailability)
      .where(and(eq(unavailability.id, periodId), eq(unavailability.personId, person.id)))
      .returning();
    if (!row) throw new NotFoundError("No such period.");
    await outbox.enqueue(tx, changed(person, countyCode, row, "cleared"));
  });
}
