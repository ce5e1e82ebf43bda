import type { CountySituationSummary, SituationReport } from "@krisstod/contracts";
import { facts, heading, paragraph, renderPdf } from "./pdf.ts";
import { countyName, incidentKinds, municipalityName, organisationName, swedishDateTime } from "./swedish.ts";

/** The report's sections under the headings of Länsstyrelsen's template. */
export const sectionTitles = {
  situation: "Läge",
  consequences: "Konsekvenser",
  actionsTaken: "Vidtagna åtgärder",
  supportCentres: "Stödcentrum",
  resourcesAndNeeds: "Resurser och behov",
} as const satisfies Record<keyof CountySituationSummary["incidents"][number]["sections"], string>;
const sections = Object.keys(sectionTitles) as (keyof typeof sectionTitles)[];

export interface IncidentFacts {
  title: string;
  kind: keyof typeof incidentKinds;
  occurredAt: string;
  affectedMunicipalities: readonly string[];
}

const municipalities = (codes: readonly string[]) => codes.map(municipalityName).join(", ") || "–";
const organisations = (ids: readonly string[]) => ids.map(organisationName).join(", ") || "inga";

/** One version of one organisation's situation report, as sent to Länsstyrelsen. */
export function situationReportPdf(
  report: SituationReport,
  incident: IncidentFacts,
  generatedAt = new Date(),
): Promise<Buffer> {
  const title = `Lägesrapport: ${incident.title}`;
  return renderPdf({ title, subject: organisationName(report.organisationId), generatedAt }, (doc) => {
    heading(doc, title);
    facts(doc, [
      ["Från", organisationName(report.organisationId)],
      ["Till", `Länsstyrelsen i ${countyName(report.countyCode)}`],
      ["Version", String(report.version)],
      ["Inlämnad", `${swedishDateTime(report.submittedAt)} av ${report.submittedBy}`],
      ["Nästa rapport", report.nextReportDue ? swedishDateTime(report.nextReportDue) : "ingen planerad"],
      ["Händelse", `${incidentKinds[incident.kind]}, ${swedishDateTime(incident.occurredAt)}`],
      ["Berörda kommuner", municipalities(incident.affectedMunicipalities)],
    ]);
    for (const section of sections) {
      heading(doc, sectionTitles[section], 13);
      const text = report[section];
      if (text) paragraph(doc, text);
      else paragraph(doc, "Inget rapporterat.", { muted: true });
    }
  });
}

/** Länsstyrelsen's county summary: every incident with each reporter's latest text per section. */
export function countySummaryPdf(summary: CountySituationSummary): Promise<Buffer> {
  const county = countyName(summary.countyCode);
  const title = `Sammanställd lägesbild, ${county}`;
  return renderPdf({ title, generatedAt: new Date(summary.compiledAt) }, (doc) => {
    heading(doc, title);
    paragraph(
      doc,
      `Sammanställd ${swedishDateTime(summary.compiledAt)} från de senaste lägesrapporterna om pågående extraordinära händelser.`,
      { muted: true },
    );
    if (summary.incidents.length === 0) {
      paragraph(doc, "Inga pågående extraordinära händelser i länet.");
      return;
    }
    for (const incident of summary.incidents) {
      heading(doc, incident.title, 15);
      facts(doc, [
        ["Händelse", `${incidentKinds[incident.kind]}, ${swedishDateTime(incident.occurredAt)}`],
        ["Berörda kommuner", municipalities(incident.affectedMunicipalities)],
        ["Har rapporterat", organisations(incident.reported)],
        ["Har inte rapporterat", organisations(incident.notReported)],
        ["Försenade", organisations(incident.overdue)],
      ]);
      for (const section of sections) {
        heading(doc, sectionTitles[section], 12);
        const texts = incident.sections[section];
        if (texts.length === 0) paragraph(doc, "Inget rapporterat.", { muted: true });
        for (const entry of texts) {
          paragraph(doc, `${organisationName(entry.organisationId)} (version ${entry.version})`, {
            bold: true,
          });
          paragraph(doc, entry.text);
          doc.moveDown(0.3);
        }
      }
    }
  });
}
