import type { SituationReport } from "@krisstod/contracts";
import { XMLBuilder } from "fast-xml-parser";
import { sectionTitles } from "./situation-report-pdf.ts";
import { organisationName } from "./swedish.ts";

/** The OASIS EDXL-SitRep 1.0 namespace. */
export const SITREP_NAMESPACE = "urn:oasis:names:tc:emergency:EDXL:SitRep:1.0";

/**
 * A situation report shaped after OASIS EDXL-SitRep 1.0's top-level elements (MessageID,
 * PreparedBy, ReportVersion, ForTimePeriod, PrecedingMessageID …), for systems that take SitReps.
 * Not validated against the OASIS schema (its XSD set could not be obtained here): the sections go
 * under a plain `Narrative` rather than the standard's typed report bodies.
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

/**
 * The same report as an XML document in the EDXL-SitRep 1.0 namespace, as the route's OpenAPI
 * description says (application/xml). An element without a value (no preceding report) is left out.
 */
export function edxlSitRepXml(...args: Parameters<typeof edxlSitRep>): string {
  const { SitRep } = edxlSitRep(...args);
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true });
  const present = Object.fromEntries(
    Object.entries(SitRep).filter(([, value]) => value !== null && value !== undefined),
  );
  return builder.build({
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    SitRep: { "@_xmlns": SITREP_NAMESPACE, ...present },
  }) as string;
}
