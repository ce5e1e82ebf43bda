import { type FormEvent, useId, useMemo, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useCreateEvaluation, useEvaluations, useOfferDebriefs, useParticipants } from "../api/reporting.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import type { SignedInUser } from "../auth/session.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";

/**
 * After an activation: who took part and their debrief offers (stödsamtal), and the evaluation
 * (jointly when POSOM and PKL worked together), whose lessons go back into the routines.
 */
export default function AfterWorkScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.afterWork;
  const picture = useRegionalPicture(user.countyCode);
  const titleOf = new Map((picture.data?.incidents ?? []).map((i) => [i.id, i.title]));
  const activations = useMemo(
    () =>
      (picture.data?.activations ?? [])
        .filter((a) => a.organisationId === user.organisationId)
        .sort((a, b) => Date.parse(b.decidedAt) - Date.parse(a.decidedAt)),
    [picture.data, user.organisationId],
  );
  const [chosen, setChosen] = useState<string>();
  const activationId = chosen ?? activations[0]?.id;
  const pickId = useId();

  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      {activations.length === 0 ? (
        <p>{t.noActivations}</p>
      ) : (
        <>
          <p>
            <label htmlFor={pickId}>{t.activation}</label>{" "}
            <select id={pickId} value={activationId} onChange={(e) => setChosen(e.target.value)}>
              {activations.map((a) => (
                <option key={a.id} value={a.id}>
                  {`${titleOf.get(a.incidentId) ?? ""} · ${messages.activation.groups[a.group]} · ${messages.activation.statuses[a.status]}`}
                </option>
              ))}
            </select>
          </p>
          {activationId && <Participants user={user} activationId={activationId} />}
          {activationId && <EvaluationForm user={user} activationId={activationId} />}
        </>
      )}
      <Evaluations />
    </main>
  );
}

function Participants({ user, activationId }: { user: SignedInUser; activationId: string }) {
  const { messages } = useI18n();
  const t = messages.afterWork;
  const participants = useParticipants(activationId);
  const offer = useOfferDebriefs(activationId, user.organisationId);
  const id = useId();
  const rows = participants.data ?? [];
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{t.participants}</h3>
      {participants.isError && <p role="alert">{errorText(participants.error)}</p>}
      {participants.isSuccess && rows.length === 0 && <p>{t.noParticipants}</p>}
      {rows.length > 0 && (
        <table aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{messages.activation.person}</th>
              <th scope="col">{t.hours}</th>
              <th scope="col">{t.debrief}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.personId}>
                <th scope="row">{p.personName ?? p.personId}</th>
                <td>{p.hours.toLocaleString(messages.locale)}</td>
                <td>{t.debriefStatuses[p.debrief.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" disabled={offer.isPending || rows.length === 0} onClick={() => offer.mutate()}>
        {t.offerDebriefs}
      </button>
      {offer.isSuccess && <p role="status">{t.debriefsOffered}</p>}
      {offer.isError && <p role="alert">{messages.centres.failed(errorText(offer.error))}</p>}
    </section>
  );
}

function EvaluationForm({ user, activationId }: { user: SignedInUser; activationId: string }) {
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
    create.mutate({
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
    });
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
      {create.isError && <p role="alert">{messages.centres.failed(errorText(create.error))}</p>}
    </form>
  );
}

function Evaluations() {
  const { messages } = useI18n();
  const t = messages.afterWork;
  const evaluations = useEvaluations();
  const id = useId();
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{t.evaluations}</h3>
      {evaluations.isSuccess && evaluations.data.length === 0 && <p>{t.noEvaluations}</p>}
      <ul aria-labelledby={id}>
        {(evaluations.data ?? []).map((e) => (
          <li key={e.id}>
            {e.ownerName} · {t.due}: <IncidentTime at={e.dueAt} /> · {t.evaluationStatuses[e.status]}
            {e.joint && ` · ${t.joint}`}
            {e.overdue && <strong className="overdue"> {messages.overview.overdue}</strong>}
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
    </section>
  );
}
