import type { PictureReadiness, PictureSituationReport } from "@krisstod/contracts";
import { useId } from "react";
import { organisationName } from "../geo/organisations.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";

/**
 * Every organisation's readiness (from the roster) and its latest situation report, with those
 * overdue marked — what Länsstyrelsen follows during an extraordinary event.
 */
export function ReadinessTable({
  readiness,
  reports,
  municipalityNames,
}: {
  readiness: readonly PictureReadiness[];
  reports: readonly PictureSituationReport[];
  municipalityNames: ReadonlyMap<string, string>;
}) {
  const { messages } = useI18n();
  const headingId = useId();
  const latest = new Map<string, PictureSituationReport>();
  for (const report of reports) {
    const known = latest.get(report.organisationId);
    if (!known || known.submittedAt < report.submittedAt) latest.set(report.organisationId, report);
  }
  const organisations = [...new Set([...readiness.map((r) => r.organisationId), ...latest.keys()])].sort();
  if (organisations.length === 0) return null;
  const levelOf = new Map(readiness.map((r) => [r.organisationId, r.level]));
  const now = Date.now();
  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId}>{messages.overview.readinessHeading}</h2>
      <table aria-labelledby={headingId}>
        <thead>
          <tr>
            <th scope="col">{messages.overview.organisation}</th>
            <th scope="col">{messages.overview.readiness}</th>
            <th scope="col">{messages.overview.lastReport}</th>
          </tr>
        </thead>
        <tbody>
          {organisations.map((id) => {
            const level = levelOf.get(id);
            const report = latest.get(id);
            const overdue = report?.nextReportDue ? Date.parse(report.nextReportDue) < now : false;
            return (
              <tr key={id}>
                <th scope="row">{organisationName(id, municipalityNames)}</th>
                <td className={level ? `readiness readiness--${level}` : undefined}>
                  {level ? messages.overview.levels[level] : messages.overview.noReport}
                </td>
                <td>
                  {report ? <IncidentTime at={report.submittedAt} /> : messages.overview.noReport}
                  {overdue && <strong className="overdue"> {messages.overview.overdue}</strong>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
