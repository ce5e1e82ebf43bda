import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type CallListResponse,
  callListGroupOf,
  RosterCallListChanged,
  type RosterGroup,
  type RosterRole,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { InvalidError } from "@krisstod/http";
import { and, asc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { callListEntries, organisations, people, unavailability } from "../db/schema.ts";
import { refreshReadiness } from "../readiness/readiness.store.ts";
import type { PersonRow } from "./people.store.ts";

type Db = Database | Transaction;

export interface CallListRow {
  position: number;
  person: PersonRow;
}

export async function callList(db: Db, organisationId: string, group: RosterGroup): Promise<CallListRow[]> {
  const rows = await db
    .select({ position: callListEntries.position, person: people })
    .from(callListEntries)
    .innerJoin(people, eq(people.id, callListEntries.personId))
    .where(and(eq(callListEntries.organisationId, organisationId), eq(callListEntries.group, group)))
    .orderBy(asc(callListEntries.position));
  return rows;
}

export async function callListChanged(
  tx: Transaction,
  outbox: Outbox,
  organisation: { id: string; countyCode: string },
  group: RosterGroup,
  change: "reordered" | "imported" | "reviewed",
) {
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(callListEntries)
    .where(and(eq(callListEntries.organisationId, organisation.id), eq(callListEntries.group, group)));
  await outbox.enqueue(
    tx,
    createEvent(RosterCallListChanged, {
      organisationId: organisation.id,
      countyCode: organisation.countyCode,
      aggregateId: `${organisation.id}/${group}`,
      data: { group, change, entries: count?.n ?? 0 },
    }),
  );
}

/** Replaces a group's call list with these people, in this order. */
export async function setCallList(
  db: Database,
  outbox: Outbox,
  organisation: { id: string; countyCode: string },
  group: RosterGroup,
  personIds: string[],
  /** Runs in the transaction with the new list, e.g. to audit the contact details it returns. */
  afterwards?: (tx: Transaction, rows: CallListRow[]) => Promise<void>,
): Promise<CallListRow[]> {
  const duplicates = personIds.filter((id, i) => personIds.indexOf(id) !== i);
  if (duplicates.length > 0) {
    throw new InvalidError("A person is listed twice.", [
      { field: `personIds.${personIds.lastIndexOf(duplicates[0] ?? "")}`, message: "listed twice" },
    ]);
  }
  return db.transaction(async (tx) => {
    const found = personIds.length ? await tx.select().from(people).where(inArray(people.id, personIds)) : [];
    const errors = personIds.flatMap((id, index) => {
      const person = found.find((p) => p.id === id);
      if (!person || person.organisationId !== organisation.id) {
        return [{ field: `personIds.${index}`, message: "not a person of this organisation" }];
      }
      if (callListGroupOf[person.role as RosterRole] !== group) {
        return [
          {
            field: `personIds.${index}`,
            message: `role ${person.role} does not belong on the ${group} list`,
          },
        ];
      }
      return [];
    });
    if (errors.length > 0) throw new InvalidError("The call list names people who cannot be on it.", errors);
    await tx
      .delete(callListEntries)
      .where(and(eq(callListEntries.organisationId, organisation.id), eq(callListEntries.group, group)));
    if (personIds.length > 0) {
      await tx.insert(callListEntries).values(
        personIds.map((personId, i) => ({
          organisationId: organisation.id,
          group,
          personId,
          position: i + 1,
        })),
      );
    }
    await callListChanged(tx, outbox, organisation, group, "reordered");
    const rows = await callList(tx, organisation.id, group);
    await afterwards?.(tx, rows);
    return rows;
  });
}

/** The POSOM lead has gone through the lists and confirms them current (Laholm 3.2). */
export async function markReviewed(
  db: Db,
  outbox: Outbox,
  organisation: { id: string; countyCode: string },
  at = new Date(),
) {
  return db.transaction(async (tx) => {
    await tx
      .update(organisations)
      .set({ callListReviewedAt: at })
      .where(eq(organisations.id, organisation.id));
    for (const group of ["management", "support-persons", "pkl"] as const) {
      await callListChanged(tx, outbox, organisation, group, "reviewed");
    }
    await refreshReadiness(tx, outbox, organisation.id, at);
  });
}

/** Who to call now, in order: active people not marked unavailable at `at`. */
export async function callListNow(
  db: Db,
  organisationId: string,
  group: RosterGroup,
  at: Date,
): Promise<Omit<CallListResponse, "neighbours">> {
  const rows = await callList(db, organisationId, group);
  const ids = rows.map((r) => r.person.id);
  const away = ids.length
    ? await db
        .select({ personId: unavailability.personId })
        .from(unavailability)
        .where(
          and(
            inArray(unavailability.personId, ids),
            lte(unavailability.fromAt, at),
            gt(unavailability.toAt, at),
          ),
        )
    : [];
  const unavailable = new Set(away.map((a) => a.personId));
  let inactive = 0;
  let skippedUnavailable = 0;
  const entries = rows.flatMap(({ position, person }) => {
    if (!person.active) {
      inactive += 1;
      return [];
    }
    if (unavailable.has(person.id)) {
      skippedUnavailable += 1;
      return [];
    }
    return [
      {
        personId: person.id,
        position,
        name: `${person.givenName} ${person.familyName}`,
        role: person.role as RosterRole,
        phones: person.phones,
        email: person.email,
        languages: person.languages,
      },
    ];
  });
  return {
    organisationId,
    group,
    at: at.toISOString(),
    entries,
    skipped: { unavailable: skippedUnavailable, inactive },
  };
}
