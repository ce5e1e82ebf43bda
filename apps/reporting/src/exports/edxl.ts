import type { SituationReport } from "@krisstod/contracts";
import { sectionTitles } from "./situation-report-pdf.ts";
import { organisationName } from "./swedish.ts";

/**
 * A situation report shaped after OASIS EDXL-SitRep 1.0's top-level elements (MessageID,
 * PreparedBy, ReportVersion, ForTimePeriod, PrecedingMessageID …) as JSON, for systems that take
 * SitReps. Not validated against the XML schema: the sections go under a plain `Narrative`
 * rather than the standard's typed report bodies.
 */
export function edxlSitRep(
  report: SituationReport,
  versions: readonly SituationReport[],
  incident: { title: string; occurredAt: string; status: string },
) {
  const earlier = versions.filter((v) => v.version < report.version).sort((a, b) => a.version - b.version);
  const preceding = earlier.at(-1);
  return {
    SitRep: {
      MessageID: report.id,
      PreparedBy: {
        PersonDetails: { PersonName: report.submittedBy },
        OrganizationInformation: {
          OrgID: report.organisationId,
          OrgName: organisationName(report.organisationId),
        },
      },
      ReportPurpose: "Lägesrapport till Länsstyrelsen vid extraordinär händelse",
      ReportNumber: report.version,
      ReportVersion: report.version === 1 ? "Initial" : incident.status === "closed" ? "Final" : "Update",
      ForTimePeriod: {
        FromDateTime: preceding?.submittedAt ?? incident.occurredAt,
        ToDateTime: report.submittedAt,
      },
      ReportTitle: `Lägesrapport: ${incident.title}`,
      IncidentID: report.incidentId,
      IncidentLifecyclePhase: incident.status === "closed" ? "Recovery" : "Response",
      OriginatingMessageID: earlier[0]?.id ?? report.id,
      PrecedingMessageID: preceding?.id ?? null,
      NextContact: report.nextReportDue,
      Narrative: Object.fromEntries(
        (Object.keys(sectionTitles) as (keyof typeof sectionTitles)[]).map((key) => [
          key,
          { Title: sectionTitles[key], Text: report[key] },
        ]),
      ),
    },
  };
}
