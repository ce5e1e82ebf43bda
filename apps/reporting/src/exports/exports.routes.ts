import type { AuthEnv } from "@krisstod/auth";
import { CountyCode, type IncidentKind, IsoDateTime } from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { actorOf, assertCounty, assertMayRead, route } from "../access.ts";
import { listLessons } from "../after-action/evaluations.store.ts";
import { yearlyStatistics } from "../after-action/statistics.store.ts";
import { countySummary, findReport, listVersions } from "../reports/situation-reports.store.ts";
import { lessonsCsv, statisticsCsv } from "./csv.ts";
import { edxlSitRepXml } from "./edxl.ts";
import { countySummaryPdf, situationReportPdf } from "./situation-report-pdf.ts";
import { swedishDay } from "./swedish.ts";

const ReportParams = z.object({ incidentId: z.uuid(), reportId: z.uuid() });
const CountyQuery = z.object({ county: CountyCode });
const LessonsQuery = z.object({ county: CountyCode, since: IsoDateTime.optional() });
const StatisticsQuery = z.object({
  county: CountyCode,
  year: z.coerce.number().int().min(2000).max(2100),
});

/**
 * A file to save, with an ASCII file name every browser accepts. Never cached (situation reports and
 * statistics are not for shared caches or the browser's disk): every answer of the service is
 * `no-store` (`createServiceApp` of @krisstod/http).
 */
function download(c: Context<AuthEnv>, body: string | Buffer, contentType: string, filename: string) {
  c.header("Content-Type", contentType);
  c.header("Content-Disposition", `attachment; filename="${filename}"`);
  return c.body(typeof body === "string" ? body : new Uint8Array(body));
}

/** Exports a county officer sends on: PDFs of situation reports, CSVs of statistics and lessons. */
export function exportRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .get(
      "/incidents/:incidentId/situation-reports/:reportId/pdf",
      route("situation-report.read", {
        summary: "A situation report as PDF",
        response: { media: "application/pdf" },
      }),
      validate("param", ReportParams),
      async (c) => {
        const { incidentId, reportId } = c.req.valid("param");
        const { report, incident } = await findReport(db, incidentId, reportId);
        // As reading the report: its own organisation, or Länsstyrelsen of the county.
        assertMayRead(actorOf(c), report);
        const pdf = await situationReportPdf(report, {
          title: incident.title,
          kind: incident.kind as IncidentKind,
          occurredAt: incident.occurredAt.toISOString(),
          affectedMunicipalities: incident.affectedMunicipalities,
        });
        const name = `lagesrapport-${report.organisationId}-${swedishDay(report.submittedAt)}-v${report.version}.pdf`;
        return download(c, pdf, "application/pdf", name);
      },
    )
    .get(
      "/incidents/:incidentId/situation-reports/:reportId/edxl",
      route("situation-report.read", {
        summary: "A situation report as EDXL-SitRep XML",
        response: { media: "application/xml" },
      }),
      validate("param", ReportParams),
      async (c) => {
        const { incidentId, reportId } = c.req.valid("param");
        const { report, incident } = await findReport(db, incidentId, reportId);
        assertMayRead(actorOf(c), report);
        const versions = await listVersions(db, incidentId, report.organisationId);
        const xml = edxlSitRepXml(report, versions, {
          title: incident.title,
          occurredAt: incident.occurredAt.toISOString(),
          status: incident.status,
        });
        const name = `lagesrapport-${report.organisationId}-${swedishDay(report.submittedAt)}-v${report.version}.xml`;
        return download(c, xml, "application/xml; charset=utf-8", name);
      },
    )
    .get(
      "/situation-reports/summary/pdf",
      route("situation-report.county", {
        summary: "The county's situation summary as PDF",
        response: { media: "application/pdf" },
      }),
      validate("query", CountyQuery),
      async (c) => {
        const { county } = c.req.valid("query");
        assertCounty(actorOf(c), county);
        const summary = await countySummary(db, county);
        const pdf = await countySummaryPdf(summary);
        return download(
          c,
          pdf,
          "application/pdf",
          `lagesbild-lan-${county}-${swedishDay(summary.compiledAt)}.pdf`,
        );
      },
    )
    .get(
      "/statistics/csv",
      route("statistics.read", { summary: "Yearly statistics as CSV", response: { media: "text/csv" } }),
      validate("query", StatisticsQuery),
      async (c) => {
        const { county, year } = c.req.valid("query");
        const actor = actorOf(c);
        assertCounty(actor, county);
        const csv = statisticsCsv(await yearlyStatistics(db, county, year, actor));
        return download(c, csv, "text/csv; charset=utf-8", `statistik-lan-${county}-${year}.csv`);
      },
    )
    .get(
      "/lessons/csv",
      route("lessons.read", { summary: "Lessons as CSV", response: { media: "text/csv" } }),
      validate("query", LessonsQuery),
      async (c) => {
        const { county, since } = c.req.valid("query");
        assertCounty(actorOf(c), county);
        const csv = lessonsCsv(await listLessons(db, county, since ? new Date(since) : undefined));
        return download(c, csv, "text/csv; charset=utf-8", `lardomar-lan-${county}.csv`);
      },
    );
}
