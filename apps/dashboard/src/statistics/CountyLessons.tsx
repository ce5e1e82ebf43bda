import type { ActionPlan } from "@krisstod/contracts";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useActionPlan, useReviewActionPlan } from "../api/actionPlan.ts";
import { errorText } from "../api/errors.ts";
import { queryKeys } from "../api/queryKeys.ts";
import { json, reporting, withSignal } from "../api/services.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
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
  const user = useUser();
  const lessons = useCountyLessons(countyCode);
  const nameOf = useOrganisationNames();
  const headingId = useId();
  const rows = [...(lessons.data ?? [])].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  // The plan's keepers take their own organisation's lessons into it.
  // Länsstyrelsen evaluates no effort of its own and keeps no POSOM action plan.
  const keepsPlan = may(user, "action-plan.write") && !user.organisationId.startsWith("lansstyrelsen-");
  const plan = useActionPlan(user.organisationId, keepsPlan);
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{t.lessonsHeading}</h3>
      <p className="hint">{t.lessonsIntro}</p>
      <DataTable
        labelledBy={headingId}
        columns={[t.lesson, t.lessonOrganisations, t.lessonRecorded, ...(keepsPlan ? [t.lessonInPlan] : [])]}
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
            {keepsPlan && (
              <td>
                {lesson.organisationIds.includes(user.organisationId) && plan.data && (
                  <IntoPlan lesson={lesson.lesson} plan={plan.data} organisationId={user.organisationId} />
                )}
              </td>
            )}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/**
 * Enköping: "Erfarenheter och lärdomar införs i de rutiner och instruktioner som finns för
 * POSOM-gruppen." A lesson of the organisation's own evaluation becomes the last step of its
 * action plan (which is then reviewed); one already there says so. A lesson longer than a step
 * may be (300 characters) is taken in by hand, under Larmlistor.
 */
function IntoPlan({
  lesson,
  plan,
  organisationId,
}: {
  lesson: string;
  plan: ActionPlan;
  organisationId: string;
}) {
  const { messages } = useI18n();
  const t = messages.statistics;
  const review = useReviewActionPlan(organisationId);
  const step = lesson.trim();
  if (plan.steps.some((s) => s.trim() === step)) return <>{t.lessonAddedToPlan}</>;
  if (step.length < 2 || step.length > 300) return null;
  return (
    <>
      <button
        type="button"
        className="inline secondary"
        disabled={review.isPending}
        onClick={() => review.mutate({ steps: [...plan.steps, step] })}
      >
        {t.lessonAddToPlan}
      </button>
      {/* E.g. a plan already at its 60 steps: said, not swallowed. */}
      {review.isError && <span role="alert"> {errorText(review.error, messages.work.problems)}</span>}
    </>
  );
}
