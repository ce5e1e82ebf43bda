import { appendAudit } from "@krisstod/audit";
import type { AppendLogbookEntryBody, LogbookEntry, LogbookKind, Principal } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { UnprocessableError } from "@krisstod/http";
import { and, asc, eq, inArray } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { audit, logbookEntries } from "../db/schema.ts";

type Row = typeof logbookEntries.$inferSelect;
type NewEntry = z.output<typeof AppendLogbookEntryBody>;

export interface LogbookRef {
  incidentId: string;
  organisationId: string;
  logbook: LogbookKind;
  /** For a personal logbook; undefined for the ledningsgrupp's (or every logbook when listing). */
  personId?: string | undefined;
}

function toEntry(row: Row, correctedBy: string[]): LogbookEntry {
  return {
    id: row.id,
    incidentId: row.incidentId,
    organisationId: row.organisationId,
    countyCode: row.countyCode,
    logbook: row.logbook as LogbookKind,
    personId: row.personId === "" ? null : row.personId,
    authorId: row.authorId,
    authorName: row.authorName,
    occurredAt: row.occurredAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    text: row.text,
    correctsEntryId: row.correctsEntryId,
    correctedBy,
  };
}

/**
 * Appends one entry. A correction is a new entry naming the one it corrects, which must be in the
 * same logbook; the corrected entry stays exactly as written (the table refuses updates).
 */
export async function appendEntry(
  db: Database,
  actor: Principal,
  incidentId: string,
  input: NewEntry,
): Promise<LogbookEntry> {
  // The signed-in person is the author, and a personal logbook is theirs (the route refuses others').
  const personId = input.logbook === "personal" ? actor.userId : "";
  if (input.correctsEntryId) {
    const [original] = await db
      .select()
      .from(logbookEntries)
      .where(eq(logbookEntries.id, input.correctsEntryId))
      .limit(1);
    const sameBook =
      original &&
      original.incidentId === incidentId &&
      original.organisationId === input.organisationId &&
      original.logbook === input.logbook &&
      original.personId === personId;
    if (!sameBook) {
      throw new UnprocessableError("A correction must refer to an entry of the same logbook.", [
        { field: "correctsEntryId", message: "no such entry in this logbook" },
      ]);
    }
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(logbookEntries)
      .values({
        id: uuidv7(),
        incidentId,
        organisationId: input.organisationId,
        countyCode: input.countyCode,
        logbook: input.logbook,
        personId,
        authorId: actor.userId,
        authorName: actor.name,
        occurredAt: input.occurredAt ? new Date(input.occurredAt) : new Date(),
        text: input.text,
        correctsEntryId: input.correctsEntryId ?? null,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    // Logbooks may name affected people: every write and read is on the audit trail.
    await appendAudit(tx, audit, {
      actor: { userId: actor.userId, organisationId: actor.organisationId },
      action: "write",
      subject: { kind: "logbook-entry", id: row.id, organisationId: row.organisationId },
      incidentId,
    });
    return toEntry(row, []);
  });
}

/** A logbook in the order written (UUIDv7 ids sort by time of recording), with its corrections linked. */
export async function listEntries(
  db: Database,
  actor: Principal,
  ref: Partial<LogbookRef> & { incidentId: string; organisationId: string },
) {
  // Read and audited in one transaction: each entry returned gives exactly one audit row.
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(logbookEntries)
      .where(
        and(
          eq(logbookEntries.incidentId, ref.incidentId),
          eq(logbookEntries.organisationId, ref.organisationId),
          ref.logbook ? eq(logbookEntries.logbook, ref.logbook) : undefined,
          ref.personId !== undefined ? eq(logbookEntries.personId, ref.personId) : undefined,
        ),
      )
      .orderBy(asc(logbookEntries.id))
      .limit(5_000);
    const ids = rows.map((r) => r.id);
    const corrections =
      ids.length === 0
        ? []
        : await tx
            .select({ id: logbookEntries.id, corrects: logbookEntries.correctsEntryId })
            .from(logbookEntries)
            .where(inArray(logbookEntries.correctsEntryId, ids))
            .orderBy(asc(logbookEntries.id));
    await appendAudit(
      tx,
      audit,
      rows.map((row) => ({
        actor: { userId: actor.userId, organisationId: actor.organisationId },
        action: "read" as const,
        subject: { kind: "logbook-entry", id: row.id, organisationId: row.organisationId },
        incidentId: row.incidentId,
      })),
    );
    return rows.map((row) =>
      toEntry(
        row,
        corrections.filter((c) => c.corrects === row.id).map((c) => c.id),
      ),
    );
  });
}
