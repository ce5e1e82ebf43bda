import type { UseMutationResult, UseQueryResult } from "@tanstack/react-query";
import { type ReactNode, useId } from "react";
import { type FieldPath, FormProvider } from "react-hook-form";
import type { z } from "zod";
import { errorText } from "../api/errors.ts";
import { TextAreaField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";

/**
 * Requests to a duty officer (tjänsteman i beredskap): the region's TIB (Halland "Kontakter med
 * Region Halland sker via TIB") and Länsstyrelsen's TiB ("Kontakter med trossamfund kan fås via
 * Länsstyrelsens TiB"). Both sides see a request the same way, and the officer answers it once.
 */
interface AnsweredRequest<D extends string> {
  id: string;
  incidentTitle: string;
  organisationId: string;
  answer: { decision: D; message: string; answeredAt: string } | null;
}

/** The words a kind of request is shown with. */
export interface DutyOfficerTexts<D extends string> {
  answered: string;
  open: string;
  decision: string;
  decisions: Record<D, string>;
  answer: string;
  answerLabel: string;
  answerFor: (organisation: string, incident: string) => string;
  inboxHeading: string;
  inboxNone: string;
}

/** One request as both sides see it: what was asked (`heading`, `children` before the answer), and the answer once given. */
export function DutyOfficerRequestCard<D extends string>({
  request,
  heading,
  texts,
  children,
  answerForm,
}: {
  request: AnsweredRequest<D>;
  heading: ReactNode;
  texts: DutyOfficerTexts<D>;
  children: ReactNode;
  /** The officer's form, while the request is open. */
  answerForm?: ReactNode;
}) {
  const headingId = useId();
  return (
    <article aria-labelledby={headingId} className="panel">
      <h4 id={headingId}>{heading}</h4>
      {children}
      {request.answer ? (
        <dl>
          <dt>{texts.answered}</dt>
          <dd>{texts.decisions[request.answer.decision]}</dd>
          <dd>{request.answer.message}</dd>
          <dd>
            <IncidentTime at={request.answer.answeredAt} />
          </dd>
        </dl>
      ) : (
        <p>{texts.open}</p>
      )}
      {!request.answer && answerForm}
    </article>
  );
}

/** The officer's inbox: every request made to the organisation, each with its answer form until answered. */
export function DutyOfficerInbox<R extends { id: string }>({
  requests,
  texts,
  card,
}: {
  requests: UseQueryResult<R[]>;
  texts: Pick<DutyOfficerTexts<string>, "inboxHeading" | "inboxNone">;
  card: (request: R) => ReactNode;
}) {
  const { messages } = useI18n();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="boards">
      <h3 id={headingId}>{texts.inboxHeading}</h3>
      {requests.isError && <p role="alert">{errorText(requests.error, messages.work.problems)}</p>}
      {requests.isSuccess && requests.data.length === 0 && <p>{texts.inboxNone}</p>}
      {(requests.data ?? []).map((request) => card(request))}
    </section>
  );
}

type AnswerBody<D extends string> = { decision: D; message: string };

/** The officer's answer: one of the decisions, and a message; refused fields are said at the field. */
export function DutyOfficerAnswerForm<D extends string>({
  label,
  schema,
  decisions,
  initial,
  texts,
  hint,
  answer,
  id,
}: {
  label: string;
  schema: z.ZodType<AnswerBody<D>, AnswerBody<D>>;
  decisions: readonly D[];
  initial: D;
  texts: DutyOfficerTexts<D>;
  hint?: string;
  answer: UseMutationResult<unknown, Error, AnswerBody<D> & { id: string }>;
  id: string;
}) {
  const { messages } = useI18n();
  const form = useContractForm({
    schema,
    toBody: (values: AnswerBody<D>) => values,
    defaultValues: { decision: initial, message: "" } as AnswerBody<D>,
  });
  const submit = form.handleSubmit((body) => answer.mutate({ id, ...body }, { onError: form.showRefusal }));
  return (
    <FormProvider {...form}>
      <form className="form" onSubmit={submit} aria-label={label} noValidate>
        <fieldset className="checks">
          <legend>{texts.decision}</legend>
          {decisions.map((d) => (
            <label key={d}>
              {/* "decision" is a path of every AnswerBody<D>; the generic hides it from the path type. */}
              <input type="radio" value={d} {...form.register("decision" as FieldPath<AnswerBody<D>>)} />{" "}
              {texts.decisions[d]}
            </label>
          ))}
        </fieldset>
        <TextAreaField name="message" label={texts.answerLabel} {...(hint ? { hint } : {})} />
        {answer.isError && <p role="alert">{errorText(answer.error, messages.work.problems)}</p>}
        <button type="submit" disabled={answer.isPending}>
          {texts.answer}
        </button>
      </form>
    </FormProvider>
  );
}
