import { createHash } from "node:crypto";
import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type AuthorisedFunctionsBody,
  type CreateOrganisationBody,
  type FunctionCondition,
  type Organisation,
  type PublicContact,
  type RosterGroup,
  RosterOrganisationChanged,
  type UpdateOrganisationBody,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ConflictError, InvalidError, NotFoundError, UnprocessableError } from "@krisstod/http";
import { asc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { authorisedFunctions, neighbours, organisations } from "../db/schema.ts";
import { normalisePhone } from "../phones.ts";
import { refreshReadiness } from "../readiness/readiness.store.ts";

type Db = Database | Transaction;
type OrganisationRow = typeof organisations.$inferSelect;

/**
 * "Insatsledare Räddningstjänsten" → "insatsledare-raddningstjansten": a stable, readable id. A
 * title with no Latin letter or digit ("مدير الأزمات") gets "f-" and a hash of the title instead,
 * never an empty id (the contract's AuthorisedFunction refuses one, and every activators request
 * for the organisation then failed: found by the long fuzz run).
 */
export function functionId(title: string): string {
  const slug = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return slug || `f-${createHash("sha256").update(title.trim()).digest("hex").slice(0, 12)}`;
}

export async function loadOrganisations(db: Db, rows: OrganisationRow[]): Promise<Organisation[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [neighbourRows, functionRows] = await Promise.all([
    db.select().from(neighbours).where(inArray(neighbours.organisationId, ids)).orderBy(asc(neighbours.rank)),
    db
      .select()
      .from(authorisedFunctions)
      .where(inArray(authorisedFunctions.organisationId, ids))
      .orderBy(asc(authorisedFunctions.rank)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind as Organisation["kind"],
    countyCode: row.countyCode,
    municipalityCode: row.municipalityCode,
    position: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    neighbours: neighbourRows.filter((n) => n.organisationId === row.id).map((n) => n.neighbourId),
    authorisedFunctions: functionRows
      .filter((f) => f.organisationId === row.id)
      .map((f) => ({
        id: f.id,
        title: f.title,
        standsInFor: f.standsInFor,
        onlyDuring: f.onlyDuring as FunctionCondition | null,
        groups: f.groups as RosterGroup[] | null,
      })),
    callListReviewedAt: row.callListReviewedAt?.toISOString() ?? null,
    publicContact: contactOf(row.publicPhone, row.publicEmail, row.publicNote),
    alarmContact: contactOf(row.alarmPhone, row.alarmEmail, row.alarmNote),
    managementComposition: row.managementComposition,
  }));
}

/** A contact as stored in three columns; null when none of them is given. */
function contactOf(phone: string | null, email: string | null, note: string | null): PublicContact | null {
  return phone || email || note ? { phone, email, note } : null;
}

export async function findOrganisation(db: Db, id: string): Promise<Organisation | undefined> {
  const rows = await db.select().from(organisations).where(eq(organisations.id, id));
  return (await loadOrganisations(db, rows))[0];
}

export async function requireOrganisation(db: Db, id: string): Promise<Organisation> {
  const organisation = await findOrganisation(db, id);
  if (!organisation) throw new NotFoundError(`No organisation ${id}.`);
  return organisation;
}

export async function listOrganisations(db: Db, filter: { countyCode?: string | undefined }) {
  const rows = await db
    .select()
    .from(organisations)
    .where(filter.countyCode ? eq(organisations.countyCode, filter.countyCode) : undefined)
    .orderBy(asc(organisations.countyCode), asc(organisations.name));
  return loadOrganisations(db, rows);
}

export async function changed(
  tx: Transaction,
  outbox: Outbox,
  id: string,
  change: "created" | "updated" | "neighbours" | "authorised-functions" | "action-plan",
): Promise<Organisation> {
  const organisation = await requireOrganisation(tx, id);
  await outbox.enqueue(
    tx,
    createEvent(RosterOrganisationChanged, {
      organisationId: id,
      countyCode: organisation.countyCode,
      aggregateId: id,
      data: {
        organisationId: id,
        change,
        neighbours: organisation.neighbours,
        authorisedFunctionCount: organisation.authorisedFunctions.length,
      },
    }),
  );
  return organisation;
}

export async function createOrganisation(
  db: Database,
  outbox: Outbox,
  body: z.output<typeof CreateOrganisationBody>,
): Promise<Organisation> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(organisations)
      .values({
        id: body.id,
        name: body.name,
        kind: body.kind,
        countyCode: body.countyCode,
        municipalityCode: body.municipalityCode ?? null,
        lat: body.position?.lat ?? null,
        lon: body.position?.lon ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: organisations.id });
    if (inserted.length === 0) throw new ConflictError(`Organisation ${body.id} exists already.`);
    const organisation = await changed(tx, outbox, body.id, "created");
    await refreshReadiness(tx, outbox, body.id);
    return organisation;
  });
}

/** One number in E.164; a bad one is a 400 naming `field`. */
function e164(phone: string, field: string): string {
  const result = normalisePhone(phone);
  if (!result.ok)
    throw new InvalidError("The phone number is not valid.", [{ field, message: result.reason }]);
  return result.e164;
}

/** A contact's columns as stored: the phone in E.164 (refused naming `field`), blanks as null. */
function contactColumns(contact: PublicContact | null, field: string) {
  return {
    phone: contact?.phone ? e164(contact.phone, `${field}.phone`) : null,
    email: contact?.email ?? null,
    note: contact?.note || null,
  };
}

/** Names in the order given, each once (case and spacing aside). */
function distinctNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.replace(/\s+/g, " ").toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function updateOrganisation(
  db: Database,
  outbox: Outbox,
  id: string,
  body: z.output<typeof UpdateOrganisationBody>,
): Promise<Organisation> {
  return db.transaction(async (tx) => {
    await requireOrganisation(tx, id);
    const set: Partial<typeof organisations.$inferInsert> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.position !== undefined) {
      set.lat = body.position?.lat ?? null;
      set.lon = body.position?.lon ?? null;
    }
    if (body.publicContact !== undefined) {
      const { phone, email, note } = contactColumns(body.publicContact, "publicContact");
      Object.assign(set, { publicPhone: phone, publicEmail: email, publicNote: note });
    }
    if (body.alarmContact !== undefined) {
      const { phone, email, note } = contactColumns(body.alarmContact, "alarmContact");
      Object.assign(set, { alarmPhone: phone, alarmEmail: email, alarmNote: note });
    }
    if (body.managementComposition !== undefined) {
      set.managementComposition = distinctNames(body.managementComposition);
    }
    if (Object.keys(set).length > 0) await tx.update(organisations).set(set).where(eq(organisations.id, id));
    // Whom the ledningsgrupp is to represent is part of its readiness (a reminder when one is missing).
    if (body.managementComposition !== undefined) await refreshReadiness(tx, outbox, id);
    return changed(tx, outbox, id, "updated");
  });
}

export async function setNeighbours(db: Database, outbox: Outbox, id: string, ids: string[]) {
  return db.transaction(async (tx) => {
    await requireOrganisation(tx, id);
    const unique = [...new Set(ids)];
    if (unique.includes(id)) {
      throw new InvalidError("An organisation is not its own neighbour.", [
        { field: "neighbours", message: "must not contain the organisation itself" },
      ]);
    }
    const known = unique.length
      ? await tx.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, unique))
      : [];
    const unknown = unique.filter((n) => !known.some((k) => k.id === n));
    if (unknown.length > 0) {
      throw new InvalidError(`Unknown organisations: ${unknown.join(", ")}.`, [
        { field: "neighbours", message: `unknown organisations: ${unknown.join(", ")}` },
      ]);
    }
    await tx.delete(neighbours).where(eq(neighbours.organisationId, id));
    if (unique.length > 0) {
      await tx
        .insert(neighbours)
        .values(unique.map((neighbourId, rank) => ({ organisationId: id, neighbourId, rank })));
    }
    return changed(tx, outbox, id, "neighbours");
  });
}

export async function setAuthorisedFunctions(
  db: Database,
  outbox: Outbox,
  id: string,
  functions: z.output<typeof AuthorisedFunctionsBody>["functions"],
) {
  return db.transaction(async (tx) => {
    await requireOrganisation(tx, id);
    const seen = new Set<string>();
    const ids = new Set(functions.map((f) => functionId(typeof f === "string" ? f : f.title)));
    const rows = functions.flatMap((f, rank) => {
      const title = typeof f === "string" ? f : f.title;
      const fid = functionId(title);
      if (seen.has(fid)) return [];
      seen.add(fid);
      const standsInFor = typeof f === "string" || !f.standsInFor ? null : functionId(f.standsInFor);
      const onlyDuring = typeof f === "string" ? null : (f.onlyDuring ?? null);
      const groups = typeof f === "string" || !f.groups ? null : [...new Set(f.groups)];
      // A stand-in stands in for another function of the same list, never for itself.
      if (standsInFor !== null && (standsInFor === fid || !ids.has(standsInFor))) {
        throw new UnprocessableError(
          `"${title}" stands in for a function that is not another one of the list.`,
          [
            {
              field: `functions.${rank}.standsInFor`,
              message: "must be the title of another function of the list",
            },
          ],
        );
      }
      return [{ organisationId: id, id: fid, title, rank, standsInFor, onlyDuring, groups }];
    });
    await tx.delete(authorisedFunctions).where(eq(authorisedFunctions.organisationId, id));
    if (rows.length > 0) await tx.insert(authorisedFunctions).values(rows);
    return changed(tx, outbox, id, "authorised-functions");
  });
}
