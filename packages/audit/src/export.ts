import { AuditPeriod } from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { csvText, InvalidError } from "@krisstod/http";
import { and, asc, eq, gte, lt, or } from "drizzle-orm";
import type { TrailVerification } from "./checkpoints.ts";
import type { AuditRow, AuditTables } from "./index.ts";

/** At most this many rows in one export; a longer period is refused with a 400 naming `to`. */
export const MAX_EXPORT_ROWS = 200_000;
/** `from` (inclusive) and `to` (exclusive), from the contracts (the dashboard's export form checks it too). */
export { AuditPeriod };

/** The organisation's rows (its records, or accessed by its staff) appended in the period, oldest first. */
export async function listAuditPeriod(
  db: Database | Transaction,
  tables: AuditTables,
  query: AuditPeriod & { organisationId: string },
): Promise<AuditRow[]> {
  const t = tables.auditLog;
  const rows = await db
    .select()
    .from(t)
    .where(
      and(
        or(
          eq(t.subjectOrganisationId, query.organisationId),
          eq(t.actorOrganisationId, query.organisationId),
        ),
        gte(t.at, query.from),
        lt(t.at, query.to),
      ),
    )
    .orderBy(asc(t.id))
    .limit(MAX_EXPORT_ROWS + 1);
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new InvalidError(`More than ${MAX_EXPORT_ROWS} rows in the period: choose a shorter one.`, [
      { field: "to", message: `the period holds more than ${MAX_EXPORT_ROWS} rows` },
    ]);
  }
  return rows;
}

/**
 * The export an auditor opens in Excel (UTF-8 with BOM, semicolons, CRLF): one line per row with
 * its chain position and hashes (empty while unsealed) and whether a signed checkpoint covers it;
 * then an empty line and the verification of the service's whole chain at export time, as
 * `Verifiering;<key>;<value>` lines.
 */
export function auditTrailCsv(
  rows: readonly AuditRow[],
  verification: TrailVerification,
  period: AuditPeriod & { organisationId: string },
): string {
  const header = [
    "Kedjeposition (seq)",
    "Tid (UTC)",
    "Användare",
    "Användarens organisation",
    "Åtgärd",
    "Typ av uppgift",
    "Uppgiftens id",
    "Uppgiftens organisation",
    "Händelse-id",
    "Anledning",
    "Föregående hash",
    "Hash",
    "Täcks av signerad kontrollpunkt",
  ];
  // Rows after a break are not vouched for, checkpoint or not.
  const covered = Math.min(
    verification.checkpoints.coveredTo,
    verification.break ? (verification.break.seq ?? 1) - 1 : Number.POSITIVE_INFINITY,
  );
  const body = rows.map((row) => [
    row.seq === null ? "" : String(row.seq),
    row.at.toISOString(),
    row.actorUserId,
    row.actorOrganisationId,
    row.action,
    row.subjectKind,
    row.subjectId,
    row.subjectOrganisationId,
    row.incidentId ?? "",
    row.reason ?? "",
    row.prevHash ?? "",
    row.hash ?? "",
    row.seq !== null && row.seq <= covered ? "ja" : "nej",
  ]);
  const trailer = [
    ["Resultat", verification.ok ? "ok" : "bruten"],
    ["Kontrollerad", verification.checkedAt],
    ["Organisation", period.organisationId],
    ["Period från", period.from.toISOString()],
    ["Period till (exkl.)", period.to.toISOString()],
    ["Rader i exporten", String(rows.length)],
    ["Verifierade rader i kedjan", String(verification.rows)],
    ["Kedjans senaste position", verification.head ? String(verification.head.seq) : ""],
    [
      "Signerade kontrollpunkter",
      verification.checkpoints.configured ? String(verification.checkpoints.count) : "ingen nyckel",
    ],
    ["Kontrollpunkterna täcker till position", String(verification.checkpoints.coveredTo)],
    ["Senaste kontrollpunkt", verification.checkpoints.lastAt ?? ""],
    ["Ännu inte förseglade rader", String(verification.unsealed)],
    [
      "Brott vid position",
      verification.break?.seq === null ? "kontrollpunkt" : String(verification.break?.seq ?? ""),
    ],
    ["Brottets art", verification.break?.problem ?? ""],
    ["Beskrivning", verification.break?.detail ?? ""],
  ].map(([key = "", value = ""]) => ["Verifiering", key, value]);
  // csvText neutralises every cell against formula injection (subject ids and reasons come from users).
  return csvText([header, ...body, [], ...trailer]);
}
