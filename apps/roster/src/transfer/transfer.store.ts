import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type ImportReport as ContractImportReport,
  type Principal,
  RosterCallListImported,
  type RosterRole,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { eq, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { auditPeople } from "../audit.ts";
import { callListEntries, people } from "../db/schema.ts";
import { callList, callListChanged } from "../people/call-lists.store.ts";
import { refreshReadiness } from "../readiness/readiness.store.ts";
import { type FileFormat, readRecords, writeFile } from "./files.ts";
import { groupOfRow, groupOrder, type RowError, rowValidator, toCells } from "./format.ts";
import type { ImportLimits } from "./limits.ts";

/** The report the roster answers with (`@krisstod/contracts`), its rows' errors as the reader gives them. */
export type ImportReport = Omit<ContractImportReport, "errors"> & { errors: RowError[] };

const CHUNK = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

/**
 * Reads a call-list file and, unless it is a dry run or has any bad row, makes the organisation's
 * call lists exactly the file: people matched by their first phone number are updated, others are
 * added, and people missing from the file leave the lists (they stay in the roster). All or nothing.
 */
export async function importCallLists(
  db: Database,
  outbox: Outbox,
  actor: Principal,
  organisation: { id: string; countyCode: string },
  format: FileFormat,
  body: ReadableStream<Uint8Array> | null,
  limits: ImportLimits,
  dryRun: boolean,
): Promise<ImportReport> {
  // Each record is checked as it streams in; only good rows and errors are kept.
  const validator = rowValidator();
  let records = 0;
  for await (const record of readRecords(format, body, limits)) {
    records++;
    if (!validator.accept(record)) break;
  }
  const { rows, errors } = validator.result();
  const existing = await db
    .select({ id: people.id, primaryPhone: people.primaryPhone })
    .from(people)
    .where(eq(people.organisationId, organisation.id));
  const idByPhone = new Map(
    existing.flatMap((p) => (p.primaryPhone ? [[p.primaryPhone, p.id] as const] : [])),
  );
  const matched = rows.map((row) => ({ row, id: idByPhone.get(row.phones[0] ?? "") }));
  const keptOnLists = new Set(matched.flatMap((m) => (m.id ? [m.id] : [])));
  const report: ImportReport = {
    dryRun,
    valid: errors.length === 0,
    rows: Math.max(0, records - 1),
    created: matched.filter((m) => !m.id).length,
    updated: matched.filter((m) => m.id).length,
    removedFromLists: 0,
    errors,
  };
  const onListsNow = await db
    .select({ personId: callListEntries.personId })
    .from(callListEntries)
    .where(eq(callListEntries.organisationId, organisation.id));
  report.removedFromLists = onListsNow.filter((e) => !keptOnLists.has(e.personId)).length;
  if (dryRun || errors.length > 0) return report;

  await db.transaction(async (tx) => {
    const values = matched.map(({ row, id }) => ({
      id: id ?? uuidv7(),
      organisationId: organisation.id,
      givenName: row.givenName,
      familyName: row.familyName,
      role: row.role,
      workplace: row.workplace,
      employer: row.employer,
      phones: row.phones,
      primaryPhone: row.phones[0] ?? null,
      email: row.email,
      languages: row.languages,
      managerApproval: row.managerApproval,
      active: row.active,
    }));
    for (const chunk of chunks(values)) {
      await tx
        .insert(people)
        .values(chunk)
        .onConflictDoUpdate({
          target: people.id,
          set: {
            givenName: sql`excluded.given_name`,
            familyName: sql`excluded.family_name`,
            role: sql`excluded.role`,
            workplace: sql`excluded.workplace`,
            employer: sql`excluded.employer`,
            phones: sql`excluded.phones`,
            email: sql`excluded.email`,
            languages: sql`excluded.languages`,
            managerApproval: sql`excluded.manager_approval`,
            active: sql`excluded.active`,
            updatedAt: sql`now()`,
          },
        });
    }
    await tx.delete(callListEntries).where(eq(callListEntries.organisationId, organisation.id));
    const positions = new Map<string, number>();
    const entries = values.map((v) => {
      const group = groupOfRow({ role: v.role });
      const position = (positions.get(group) ?? 0) + 1;
      positions.set(group, position);
      return { organisationId: organisation.id, group, personId: v.id, position };
    });
    for (const chunk of chunks(entries)) await tx.insert(callListEntries).values(chunk);
    await auditPeople(tx, actor, "write", values, "call-list import");
    await outbox.enqueue(
      tx,
      createEvent(RosterCallListImported, {
        organisationId: organisation.id,
        countyCode: organisation.countyCode,
        aggregateId: organisation.id,
        data: {
          rows: report.rows,
          created: report.created,
          updated: report.updated,
          removedFromLists: report.removedFromLists,
        },
      }),
    );
    for (const group of groupOrder) await callListChanged(tx, outbox, organisation, group, "imported");
    await refreshReadiness(tx, outbox, organisation.id);
  });
  return report;
}

/** Writes the organisation's call lists in the import format, so export → import changes nothing. */
export async function exportCallLists(
  db: Database | Transaction,
  organisationId: string,
  format: FileFormat,
) {
  const rows: string[][] = [];
  const exported: { id: string; organisationId: string }[] = [];
  for (const group of groupOrder) {
    for (const { person } of await callList(db, organisationId, group)) {
      if (person.role === "activator") continue;
      exported.push(person);
      rows.push(
        toCells({
          role: person.role as Exclude<RosterRole, "activator">,
          givenName: person.givenName,
          familyName: person.familyName,
          workplace: person.workplace,
          employer: person.employer,
          phones: person.phones,
          email: person.email,
          languages: person.languages,
          managerApproval: person.managerApproval,
          active: person.active,
        }),
      );
    }
  }
  return { bytes: await writeFile(format, rows), people: exported };
}
