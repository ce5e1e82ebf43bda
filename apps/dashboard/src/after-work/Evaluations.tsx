import { type FormEvent, useId, useState } from "react";
import { useUpdateEvaluation } from "../api/afterWork.ts";
import { errorText } from "../api/errors.ts";
import { useCreateEvaluation, useEvaluations } from "../api/reporting.ts";
import { hasRole, type SignedInUser } from "../auth/session.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";

export function EvaluationForm({ user, activationId }: { user: SignedInUser; activationId: string }) {
  const { messages } = useI18n();
  const t = messages.afterWork;
  const create = useCreateEvaluation();
  const [owner, setOwner] = useState(user.name);
  const [due, setDue] = useState(() => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  const [whatHappened, setWhatHappened] = useState("");
  const [whatWorked, setWhatWorked] = useState("");
  const [whatToChange, setWhatToChange] = useState("");
  const [lessons, setLessons] = useState("");
  const ids = {
    form: useId(),
    owner: useId(),
    due: useId(),
    happened: useId(),
    worked: useId(),
    change: useId(),
    lessons: useId(),
    lessonsHint: useId(),
  };
  const invalid = owner.trim() === "" || due === "";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    create.mutate(
      {
        organisationId: user.organisationId,
        activationIds: [activationId],
        ownerName: owner.trim(),
        dueAt: new Date(`${due}T12:00:00`).toISOString(),
        whatHappened: whatHappened.trim(),
        whatWorked: whatWorked.trim(),
        whatToChange: whatToChange.trim(),
        lessons: lessons
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean),
      },
      {
        // The evaluation is in the list below now: the form is ready for the next one.
        onSuccess: () => {
          setWhatHappened("");
          setWhatWorked("");
          setWhatToChange("");
          setLessons("");
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h3 id={ids.form}>{t.evaluationHeading}</h3>
      <label htmlFor={ids.owner}>{t.owner}</label>
      <input
        id={ids.owner}
        value={owner}
        onChange={(e) => setOwner(e.target.value)}
        aria-invalid={owner.trim() === ""}
      />
      <label htmlFor={ids.due}>{t.due}</label>
      <input id={ids.due} type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      <label htmlFor={ids.happened}>{t.whatHappened}</label>
      <textarea
        id={ids.happened}
        rows={2}
        value={whatHappened}
        onChange={(e) => setWhatHappened(e.target.value)}
      />
      <label htmlFor={ids.worked}>{t.whatWorked}</label>
      <textarea id={ids.worked} rows={2} value={whatWorked} onChange={(e) => setWhatWorked(e.target.value)} />
      <label htmlFor={ids.change}>{t.whatToChange}</label>
      <textarea
        id={ids.change}
        rows={2}
        value={whatToChange}
        onChange={(e) => setWhatToChange(e.target.value)}
      />
      <label htmlFor={ids.lessons}>{t.lessons}</label>
      <textarea
        id={ids.lessons}
        rows={2}
        value={lessons}
        onChange={(e) => setLessons(e.target.value)}
        aria-describedby={ids.lessonsHint}
      />
      <p id={ids.lessonsHint} className="hint">
        {t.lessonsHint}
      </p>
      <button type="submit" disabled={create.isPending || invalid}>
        {t.createEvaluation}
      </button>
      {create.isSuccess && <p role="status">{t.evaluationCreated}</p>}
      {create.isError && (
        <p role="alert">{messages.centres.failed(errorText(create.error, messages.work.problems))}</p>
      )}
    </form>
  );
}

export function Evaluations({ user }: { user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.afterWork;
  const r = messages.afterWorkRecord;
  const evaluations = useEvaluations();
  const update = useUpdateEvaluation();
  const id = useId();
  const writes = hasRole(user, "posom-lead", "pkl-lead", "ledningsgrupp", "region-tib");
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{t.evaluations}</h3>
      {evaluations.isSuccess && evaluations.data.length === 0 && <p>{t.noEvaluations}</p>}
      <ul aria-labelledby={id}>
        {(evaluations.data ?? []).map((e) => (
          <li key={e.id}>
            {e.ownerName} · {t.due}: <IncidentTime at={e.dueAt} dateOnly /> · {t.evaluationStatuses[e.status]}
            {e.completedAt && (
              <>
                {" "}
                ({r.completed} <IncidentTime at={e.completedAt} />)
              </>
            )}
            {e.joint && ` · ${t.joint}`}
            {e.overdue && e.status === "open" && (
              <strong className="overdue"> {messages.overview.overdue}</strong>
            )}
            {writes && e.status === "open" && e.organisationIds.includes(user.organisationId) && (
              <>
                {" "}
                <button
                  type="button"
                  className="inline"
                  aria-label={r.markDone(e.ownerName)}
                  disabled={update.isPending}
                  onClick={() =>
                    update.mutate({ id: e.id, body: { organisationId: user.organisationId, status: "done" } })
                  }
                >
                  {r.markDoneText}
                </button>
              </>
            )}
            {e.lessons.length > 0 && (
              <ul>
                {e.lessons.map((lesson) => (
                  <li key={lesson}>{lesson}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {update.isSuccess && <p role="status">{r.markedDone}</p>}
      {update.isError && (
        <p role="alert">{messages.centres.failed(errorText(update.error, messages.work.problems))}</p>
      )}
    </section>
  );
}
