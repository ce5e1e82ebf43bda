import { CreateEvaluationBody } from "@krisstod/contracts";
import { useId } from "react";
import { useUpdateEvaluation } from "../api/afterWork.ts";
import { errorText } from "../api/errors.ts";
import { useCreateEvaluation, useEvaluations } from "../api/reporting.ts";
import { hasRole, type SignedInUser } from "../auth/session.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextAreaField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";

interface EvaluationValues {
  ownerName: string;
  /** A date (yyyy-mm-dd); due at its noon. */
  dueAt: string;
  whatHappened: string;
  whatWorked: string;
  whatToChange: string;
  /** One lesson a line. */
  lessons: string;
}

export function EvaluationForm({ user, activationId }: { user: SignedInUser; activationId: string }) {
  const { messages } = useI18n();
  const t = messages.afterWork;
  const create = useCreateEvaluation();
  const form = useContractForm({
    schema: CreateEvaluationBody,
    toBody: ({ dueAt, lessons, ...values }: EvaluationValues): CreateEvaluationBody => {
      const due = new Date(`${dueAt}T12:00:00`);
      return {
        ...values,
        organisationId: user.organisationId,
        activationIds: [activationId],
        // Not a date goes as typed, for the contract to name.
        dueAt: Number.isNaN(due.getTime()) ? dueAt : due.toISOString(),
        lessons: lessons
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean),
      };
    },
    defaultValues: {
      ownerName: user.name,
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      whatHappened: "",
      whatWorked: "",
      whatToChange: "",
      lessons: "",
    },
  });
  const submit = form.handleSubmit((body) =>
    create.mutate(body, {
      // The evaluation is in the list below now: the form is ready for the next one.
      onSuccess: () =>
        form.reset({ ...form.getValues(), whatHappened: "", whatWorked: "", whatToChange: "", lessons: "" }),
      onError: form.showRefusal,
    }),
  );
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.evaluationHeading}>
      <TextField name="ownerName" label={t.owner} />
      <TextField name="dueAt" label={t.due} type="date" />
      <TextAreaField name="whatHappened" label={t.whatHappened} rows={2} />
      <TextAreaField name="whatWorked" label={t.whatWorked} rows={2} />
      <TextAreaField name="whatToChange" label={t.whatToChange} rows={2} />
      <TextAreaField name="lessons" label={t.lessons} hint={t.lessonsHint} rows={2} />
      <button type="submit" disabled={create.isPending}>
        {t.createEvaluation}
      </button>
      {create.isSuccess && <p role="status">{t.evaluationCreated}</p>}
      {create.isError && (
        <p role="alert">{messages.centres.failed(errorText(create.error, messages.work.problems))}</p>
      )}
    </FormFrame>
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
