import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { queryKeys } from "../api/queryKeys.ts";
import { json, reporting, withSignal } from "../api/services.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { DataTable } from "../layout/DataTable.tsx";

/** The county's lessons from every evaluation, newest first. */
function useCountyLessons(countyCode: string) {
  return useQuery({
    queryKey: queryKeys.lessons(countyCode),
    queryFn: ({ signal }) =>
      json(reporting.lessons.$get({ query: { county: countyCode } }, withSignal(signal))),
  });
}

/**
 * The lessons learnt in the county's evaluations, for the network's meetings and to take back into
 * the routines (Halland: "Nätverket ansvarar för att lyfta erfarenhetsåterkoppling"; Enköping:
 * "Erfarenheter och lärdomar införs i de rutiner och instruktioner som berörs").
 */
export function CountyLessons({ countyCode }: { countyCode: string }) {
  const { messages } = useI18n();
  const t = messages.statistics;
  const lessons = useCountyLessons(countyCode);
  const nameOf = useOrganisationNames();
  const headingId = useId();
  const rows = [...(lessons.data ?? [])].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{t.lessonsHeading}</h3>
      <p className="hint">{t.lessonsIntro}</p>
      <DataTable
        labelledBy={headingId}
        columns={[t.lesson, t.lessonOrganisations, t.lessonRecorded]}
        status={{ query: lessons, rows: rows.length, empty: t.noLessons, loading: t.loadingLessons }}
      >
        {rows.map((lesson) => (
          // An evaluation lists a lesson once (one per line of its text).
          <tr key={`${lesson.evaluationId}:${lesson.lesson}`}>
            <th scope="row">{lesson.lesson}</th>
            <td>
              {lesson.organisationIds.map(nameOf).join(", ")}
              {lesson.joint ? ` (${t.jointEvaluation})` : ""}
            </td>
            <td>
              <IncidentTime at={lesson.recordedAt} dateOnly />
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
