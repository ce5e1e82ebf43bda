import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type CreatePersonBody,
  callListGroupOf,
  type Person,
  type Principal,
  RosterPersonChanged,
  type RosterRole,
  type UpdatePersonBody,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ConflictError, type FieldError, InvalidError, NotFoundError } from "@krisstod/http";
import { and, asc, eq, max, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { auditPeople } from "../audit.ts";
import { authorisedFunctions, callListEntries, people } from "../db/schema.ts";
import { normalisePhone } from "../phones.ts";
import { refreshReadiness } from "../readiness/readiness.store.ts";

type Db = Database | Transaction;
export type PersonRow = typeof people.$inferSelect;

/** The API view of a person; contact details only when the viewer may see them. */
export function toPerson(row: PersonRow, showContacts: boolean): Person {
  return {
    id: row.id,
    organisationId: row.organisationId,
    givenName: row.givenName,
    familyName: row.familyName,
    role: row.role as RosterRole,
    workplace: row.workplace,
    employer: row.employer,
    phones: showContacts ? row.phones : null,
    email: showContacts ? row.email : null,
    languages: row.languages,
    managerApproval: row.managerApproval,
    activatorFunctionId: row.activatorFunctionId,
    active: row.active,
  };
}

/** Normalises every number to E.164; a bad one is a 400 naming `phones.<index>`. */
export function normalisePhones(phones: readonly string[], field = "phones"): string[] {
  const errors: FieldError[] = [];
  const normalised = phones.map((phone, index) => {
    const result = normalisePhone(phone);
    if (result.ok) return result.e164;
    errors.push({ field: `${field}.${index}`, message: result.reason });
    return "";
  });
  if (errors.length > 0) throw new InvalidError("A phone number is not valid.", errors);
  return [...new Set(normalised)];
}

export async function findPerson(db: Db, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

export async function requirePerson(db: Db, id: string): Promise<PersonRow> {
  const row = await findPerson(db, id);
  if (!row) throw new NotFoundError(`No person ${id}.`);
  return row;
}

export async function listPeople(db: Db, organisationId: string, filter: { role?: RosterRole | undefined }) {
  return db
    .select()
    .from(people)
    .where(
      and(eq(people.organisationId, organisationId), filter.role ? eq(people.role, filter.role) : undefined),
    )
    .orderBy(asc(people.familyName), asc(people.givenName));
}

async function assertFunction(tx: Transaction, organisationId: string, functionId: string | null) {
  if (functionId === null) return;
  const [found] = await tx
    .select()
    .from(authorisedFunctions)
    .where(
      and(eq(authorisedFunctions.organisationId, organisationId), eq(authorisedFunctions.id, functionId)),
    );
  if (!found) {
    throw new InvalidError("Not an authorised function of this organisation.", [
      {
        field: "activatorFunctionId",
        message: `${functionId} is not one of the organisation's authorised functions`,
      },
    ]);
  }
}

/** Puts a person last on the call list of their role's group (none for activators). */
export async function appendToCallList(
  tx: Transaction,
  organisationId: string,
  personId: string,
  role: RosterRole,
) {
  const group = callListGroupOf[role];
  if (!group) return;
  // Two people added at once must not both take the same last position.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`roster-call-list:${organisationId}:${group}`}))`,
  );
  const [last] = await tx
    .select({ position: max(callListEntries.position) })
    .from(callListEntries)
    .where(and(eq(callListEntries.organisationId, organisationId), eq(callListEntries.group, group)));
  await tx
    .insert(callListEntries)
    .values({ organisationId, group, personId, position: (last?.position ?? 0) + 1 })
    .onConflictDoNothing();
}

async function personChanged(
  tx: Transaction,
  outbox: Outbox,
  row: PersonRow,
  countyCode: string,
  change: "added" | "updated",
) {
  await outbox.enqueue(
    tx,
    createEvent(RosterPersonChanged, {
      organisationId: row.organisationId,
      countyCode,
      aggregateId: row.id,
      data: { personId: row.id, change, role: row.role as RosterRole, active: row.active },
    }),
  );
  await refreshReadiness(tx, outbox, row.organisationId);
}

/** The phone-number uniqueness violation (drizzle wraps the driver's error in `cause`). */
function isUniqueViolation(error: unknown): boolean {
  const cause = error instanceof Error && "cause" in error ? error.cause : error;
  return (
    typeof cause === "object" &&
    cause !== null &&
    "code" in cause &&
    cause.code === "23505" &&
    "constraint_name" in cause &&
    cause.constraint_name === "people_organisation_phone_idx"
  );
}

export async function createPerson(
  db: Database,
  outbox: Outbox,
  actor: Principal,
  organisation: { id: string; countyCode: string },
  body: z.output<typeof CreatePersonBody>,
): Promise<PersonRow> {
  const phones = normalisePhones(body.phones);
  if (phones.length === 0 && callListGroupOf[body.role]) {
    throw new InvalidError("Someone on a call list needs a phone number.", [
      { field: "phones", message: "at least one phone number is needed to be called" },
    ]);
  }
  try {
    return await db.transaction(async (tx) => {
      await assertFunction(tx, organisation.id, body.activatorFunctionId);
      const [row] = await tx
        .insert(people)
        .values({
          id: uuidv7(),
          organisationId: organisation.id,
          givenName: body.givenName,
          familyName: body.familyName,
          role: body.role,
          workplace: body.workplace,
          employer: body.employer,
          phones,
          primaryPhone: phones[0] ?? null,
          email: body.email,
          languages: body.languages,
          managerApproval: body.managerApproval,
          activatorFunctionId: body.activatorFunctionId,
          userId: body.userId,
          active: body.active,
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await appendToCallList(tx, organisation.id, row.id, body.role);
      await auditPeople(tx, actor, "write", [row]);
      await personChanged(tx, outbox, row, organisation.countyCode, "added");
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError("Someone in this organisation has that phone number already.");
    throw error;
  }
}

export async function updatePerson(
  db: Database,
  outbox: Outbox,
  actor: Principal,
  countyCode: string,
  current: PersonRow,
  body: z.output<typeof UpdatePersonBody>,
): Promise<PersonRow> {
  const phones = body.phones !== undefined ? normalisePhones(body.phones) : undefined;
  try {
    return await db.transaction(async (tx) => {
      if (body.activatorFunctionId !== undefined) {
        await assertFunction(tx, current.organisationId, body.activatorFunctionId);
      }
      const [row] = await tx
        .update(people)
        .set({
          ...body,
          ...(phones ? { phones, primaryPhone: phones[0] ?? null } : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(people.id, current.id))
        .returning();
      if (!row) throw new NotFoundError(`No person ${current.id}.`);
      if (body.role && callListGroupOf[body.role] !== callListGroupOf[current.role as RosterRole]) {
        // A new role moves the person to the end of the other group's list.
        await tx.delete(callListEntries).where(eq(callListEntries.personId, current.id));
        await appendToCallList(tx, row.organisationId, row.id, body.role);
      }
      await auditPeople(tx, actor, "write", [row]);
      await personChanged(tx, outbox, row, countyCode, "updated");
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError("Someone in this organisation has that phone number already.");
    throw error;
  }
}
