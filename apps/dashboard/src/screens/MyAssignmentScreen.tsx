import type { MyAssignment } from "@krisstod/contracts";
import { useId } from "react";
import { Link } from "wouter";
import { useMyAssignments } from "../api/activation.ts";
import { errorText } from "../api/errors.ts";
import { useEvaluationOutcome, useLogbook } from "../api/reporting.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";
import { paths } from "../routes.ts";
import { WhereToGo } from "./AnswerScreen.tsx";

/**
 * "Mitt uppdrag", for a signed-in support person on a phone: the call-outs they said yes to, each
 * with where to go, and their own logbook entries for that incident. The access token names a
 * login, not a roster person: the activation service asks the roster who that is.
 */
export default function MyAssignmentScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.mine;
  const picture = useRegionalPicture(user.countyCode);
  const mine = useMyAssignments(picture.data);
  const assignments = mine.data?.assignments ?? [];
  // Ongoing first; newest first within each (the service sends newest first).
  const sorted = [...assignments.filter((a) => !a.closedAt), ...assignments.filter((a) => a.closedAt)];
  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      {mine.isPending && <p className="loading">{messages.loading}</p>}
      {mine.isError && <p role="alert">{errorText(mine.error, messages.work.problems)}</p>}
      {mine.data && !mine.data.inRoster && <p>{t.notInRoster}</p>}
      {mine.data?.inRoster && assignments.length === 0 && <p>{t.none}</p>}
      {sorted.map((assignment) => (
        <AssignmentPanel key={assignment.activationId} assignment={assignment} />
      ))}
    </main>
  );
}

function AssignmentPanel({ assignment }: { assignment: MyAssignment }) {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.mine;
  const headingId = useId();
  const logbookId = useId();
  const entries = useLogbook(assignment.incident.id, user.organisationId, "personal", user.userId);
  return (
    <article aria-labelledby={headingId} className="panel assignment-panel">
      <h3 id={headingId}>
        {assignment.exercise && <span className="exercise-badge">{messages.answer.exercise}</span>}{" "}
        {assignment.incident.title}
      </h3>
      <p>
        {messages.activation.groups[assignment.group]} ·{" "}
        {assignment.closedAt ? t.closed : messages.activation.statuses[assignment.activationStatus]}
        {assignment.acceptedAt && (
          <>
            {" "}
            · {t.acceptedAt} <IncidentTime at={assignment.acceptedAt} />
          </>
        )}
        {assignment.etaMinutes !== null && ` · ${messages.activation.eta(assignment.etaMinutes)}`}
      </p>
      <WhereToGo assignment={assignment} headingLevel={4} />
      {assignment.closedAt && <EvaluationOutcomePanel activationId={assignment.activationId} />}
      <section aria-labelledby={logbookId}>
        <h4 id={logbookId}>{t.logbookHeading}</h4>
        {entries.isError && <p role="alert">{errorText(entries.error, messages.work.problems)}</p>}
        {entries.isSuccess && entries.data.length === 0 && <p>{t.noEntries}</p>}
        {(entries.data ?? []).length > 0 && (
          <ol className="logbook" aria-labelledby={logbookId}>
            {entries.data?.map((entry) => (
              <li key={entry.id}>
                <IncidentTime at={entry.occurredAt} />
                <p>{entry.text}</p>
              </li>
            ))}
          </ol>
        )}
        <p>
          <Link href={paths.logbook}>{t.writeLogbook}</Link>
        </p>
      </section>
    </article>
  );
}

/**
 * Laholm 3.7: "Sammankallande ansvarar för alla insatser följs upp och återkopplas till
 * ledningsgruppen och stödpersoner." Shown once the activation is closed; the texts once it is done.
 */
function EvaluationOutcomePanel({ activationId }: { activationId: string }) {
  const { messages } = useI18n();
  const t = messages.mine;
  const headingId = useId();
  const outcome = useEvaluationOutcome(activationId);
  const data = outcome.data;
  if (!data || data.status === "none") return null;
  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>{t.outcomeHeading}</h4>
      {data.status === "open" && <p>{t.outcomePending}</p>}
      {data.status === "done" && (
        <dl>
          {data.whatWorked && (
            <>
              <dt>{t.whatWorked}</dt>
              <dd>{data.whatWorked}</dd>
            </>
          )}
          {data.whatToChange && (
            <>
              <dt>{t.whatToChange}</dt>
              <dd>{data.whatToChange}</dd>
            </>
          )}
          {data.lessons.length > 0 && (
            <>
              <dt>{t.lessons}</dt>
              {data.lessons.map((lesson) => (
                <dd key={lesson}>{lesson}</dd>
              ))}
            </>
          )}
        </dl>
      )}
    </section>
  );
}
