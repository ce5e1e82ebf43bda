import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type CountySituationSummary,
  type ReportingStatus,
  type ReportingStatusEntry,
  type SituationReport,
  type SituationReportSection,
  SituationReportSubmitted,
  type SubmitSituationReportBody,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { NotFoundError, UnprocessableError } from "@krisstod/http";
import { and, asc, eq, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { reportingCountySettings } from "../county-settings.ts";
import { pictureIncidents, situationReports } from "../db/schema.ts";

type Row = typeof situationReports.$inferSelect;
type IncidentRow = typeof pictureIncidents.$inferSelect;
type NewReport = z.output<typeof SubmitSituationReportBody>;

function toReport(row: Row): SituationReport {
  return {
    id: row.id,
    incidentId: row.incidentId,
    organisationId: row.organisationId,
    countyCode: row.countyCode,
    version: row.version,
    situation: row.situation,
    consequences: row.consequences,
    actionsTaken: row.actionsTaken,
    supportCentres: row.supportCentres,
    resourcesAndNeeds: row.resourcesAndNeeds,
    nextReportDue: row.nextReportDue?.toISOString() ?? null,
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt.toISOString(),
  };
}

export async function findIncident(db: Database, incidentId: string): Promise<IncidentRow | undefined> {
  const [row] = await db.select().from(pictureIncidents).where(eq(pictureIncidents.id, incidentId)).limit(1);
  return row;
}

/**
 * Submits the next version of an organisation's report on an extraordinary incident. Versions are
 * numbered per incident and organisation under a transaction lock; earlier ones stay untouched.
 */
export async function submitReport(
  db: Database,
  outbox: Outbox,
  incidentId: string,
  input: NewReport,
): Promise<SituationReport> {
  const incident = await findIncident(db, incidentId);
  if (!incident)
    throw new NotFoundError("No such incident (or it has not reached the reporting service yet).");
  if (incident.countyCode !== input.countyCode) {
    throw new UnprocessableError("The incident is in another county.", [
      { field: "countyCode", message: `must be ${incident.countyCode}` },
    ]);
  }
  if (!incident.extraordinary) {
    throw new UnprocessableError(
      "Situation reports are made for extraordinary events only.",
      [{ field: "incidentId", message: "the incident is not an extraordinary event" }],
      "not-extraordinary",
    );
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${incidentId}/${input.organisationId}`}))`);
    const [last] = await tx
      .select({ version: sql<number>`coalesce(max(${situationReports.version}), 0)::int` })
      .from(situationReports)
      .where(
        and(
          eq(situationReports.incidentId, incidentId),
          eq(situationReports.organisationId, input.organisationId),
        ),
      );
    const [row] = await tx
      .insert(situationReports)
      .values({
        id: uuidv7(),
        incidentId,
        organisationId: input.organisationId,
        countyCode: input.countyCode,
        version: (last?.version ?? 0) + 1,
        situation: input.situation,
        consequences: input.consequences,
        actionsTaken: input.actionsTaken,
        supportCentres: input.supportCentres,
        resourcesAndNeeds: input.resourcesAndNeeds,
        nextReportDue: input.nextReportDue ? new Date(input.nextReportDue) : null,
        submittedBy: input.submittedBy,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const report = toReport(row);
    await outbox.enqueue(
      tx,
      createEvent(SituationReportSubmitted, {
        organisationId: report.organisationId,
        countyCode: report.countyCode,
        aggregateId: report.incidentId,
        data: {
          reportId: report.id,
          incidentId: report.incidentId,
          version: report.version,
          submittedAt: report.submittedAt,
          nextReportDue: report.nextReportDue,
        },
      }),
    );
    return report;
  });
}

/** One version of a report with the incident it is about (for exports). */
export async function findReport(
  db: Database,
  incidentId: string,
  reportId: string,
): Promise<{ report: SituationReport; incident: IncidentRow }> {
  const [row] = await db
    .select()
    .from(situationReports)
    .where(and(eq(situationReports.id, reportId), eq(situationReports.incidentId, incidentId)))
    .limit(1);
  const incident = row && (await findIncident(db, incidentId));
  if (!row || !incident) throw new NotFoundError("No such situation report.");
  return { report: toReport(row), incident };
}

export async function listVersions(
  db: Database,
  incidentId: string,
  organisationId: string | undefined,
): Promise<SituationReport[]> {
  const rows = await db
    .select()
    .from(situationReports)
    .where(
      and(
        eq(situationReports.incidentId, incidentId),
        organisationId ? eq(situationReports.organisationId, organisationId) : undefined,
      ),
    )
    .orderBy(asc(situationReports.organisationId), asc(situationReports.version));
  return rows.map(toReport);
}

/**
 * Reports are owed once the incident is extraordinary: from its occurrence when it was one from the
 * start, from the change when it became one later (Halland: "vid extraordinära händelser ska
 * kommunerna lämna lägesrapporter och information om händelseutvecklingen till Länsstyrelsen").
 */
function reportsDueFrom(incident: IncidentRow): Date {
  return incident.extraordinarySince ?? incident.occurredAt;
}

interface IncidentReporting {
  incident: IncidentRow;
  latest: SituationReport[];
  entries: ReportingStatusEntry[];
}

/**
 * For each open extraordinary incident of the county: who is expected to report (the affected
 * municipalities, and anyone who has reported, e.g. the region), each one's latest version, and
 * whether they are overdue at `now`.
 */
async function countyReporting(db: Database, countyCode: string, now: Date): Promise<IncidentReporting[]> {
  const incidents = await db
    .select()
    .from(pictureIncidents)
    .where(
      and(
        eq(pictureIncidents.countyCode, countyCode),
        eq(pictureIncidents.extraordinary, true),
        eq(pictureIncidents.status, "open"),
      ),
    )
    .orderBy(asc(pictureIncidents.occurredAt));
  // Latest version per (incident, organisation) in one query.
  const latestRows = await db
    .selectDistinctOn([situationReports.incidentId, situationReports.organisationId])
    .from(situationReports)
    .where(eq(situationReports.countyCode, countyCode))
    .orderBy(
      asc(situationReports.incidentId),
      asc(situationReports.organisationId),
      sql`${situationReports.version} desc`,
    );
  // Before its first report an organisation is due this long after the incident: the county's setting.
  const { firstSituationReportWithinMinutes } = await reportingCountySettings.get(db, countyCode);
  const firstReportWithinMs = firstSituationReportWithinMinutes * 60 * 1000;
  return incidents.map((incident) => {
    const latest = latestRows.filter((r) => r.incidentId === incident.id).map(toReport);
    const expected = new Set([
      ...incident.affectedMunicipalities.map((code) => `kommun-${code}`),
      ...latest.map((r) => r.organisationId),
    ]);
    const entries = [...expected].sort().map((organisationId): ReportingStatusEntry => {
      const report = latest.find((r) => r.organisationId === organisationId);
      const dueAt = report
        ? report.nextReportDue
        : new Date(reportsDueFrom(incident).getTime() + firstReportWithinMs).toISOString();
      return {
        incidentId: incident.id,
        incidentTitle: incident.title,
        organisationId,
        latestVersion: report?.version ?? null,
        lastSubmittedAt: report?.submittedAt ?? null,
        dueAt,
        overdue: dueAt !== null && Date.parse(dueAt) < now.getTime(),
      };
    });
    return { incident, latest, entries };
  });
}

export async function reportingStatus(
  db: Database,
  countyCode: string,
  now = new Date(),
): Promise<ReportingStatus> {
  const entries = (await countyReporting(db, countyCode, now)).flatMap((i) => i.entries);
  return { countyCode, asOf: now.toISOString(), entries, overdue: entries.filter((e) => e.overdue) };
}

/** The county summary Länsstyrelsen compiles: every section with each reporter's latest text. */
export async function countySummary(
  db: Database,
  countyCode: string,
  now = new Date(),
): Promise<CountySituationSummary> {
  const reporting = await countyReporting(db, countyCode, now);
  return {
    countyCode,
    compiledAt: now.toISOString(),
    incidents: reporting.map(({ incident, latest, entries }) => {
      const compiled = (section: SituationReportSection) =>
        latest
          .filter((r) => r[section].length > 0)
          .map((r) => ({ organisationId: r.organisationId, version: r.version, text: r[section] }));
      return {
        incidentId: incident.id,
        title: incident.title,
        kind: incident.kind as CountySituationSummary["incidents"][number]["kind"],
        occurredAt: incident.occurredAt.toISOString(),
        affectedMunicipalities: incident.affectedMunicipalities,
        reported: latest.map((r) => r.organisationId),
        notReported: entries.filter((e) => e.latestVersion === null).map((e) => e.organisationId),
        overdue: entries.filter((e) => e.overdue).map((e) => e.organisationId),
        sections: {
          situation: compiled("situation"),
          consequences: compiled("consequences"),
          actionsTaken: compiled("actionsTaken"),
          supportCentres: compiled("supportCentres"),
          resourcesAndNeeds: compiled("resourcesAndNeeds"),
        },
        latest,
      };
    }),
  };
}
