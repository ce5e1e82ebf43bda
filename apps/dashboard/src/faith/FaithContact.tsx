import {
  FaithAnswerBody,
  type FaithRequest,
  FaithRequestBody,
  FaithRequestDecision,
  type FullRegionalPicture,
  type PictureIncident,
} from "@krisstod/contracts";
import { useId, useState } from "react";
import { FormProvider } from "react-hook-form";
import { errorText } from "../api/errors.ts";
import { useAnswerFaithRequest, useFaithRequests, useRequestFaithCommunities } from "../api/faithRequests.ts";
import { IncidentField } from "../forms/choices.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextAreaField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";

/**
 * Halland: "Kontakter med trossamfund kan fås via Länsstyrelsens TiB … Vid behov av samverkan kan
 * kommunerna och Region Halland kontakta Länsstyrelsens TiB." A municipality's POSOM or the
 * region's PKL asks for a first contact, or for the communities to be called to a regional
 * conference, and sees the answer.
 */
export function FaithContact({
  incidents,
  picture,
}: {
  incidents: PictureIncident[];
  picture: FullRegionalPicture | undefined;
}) {
  const { messages } = useI18n();
  const t = messages.faithContact;
  const requests = useFaithRequests(picture);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="boards">
      <h3 id={headingId}>{t.heading}</h3>
      <p>{t.intro}</p>
      {incidents.length > 0 ? <FaithRequestForm incidents={incidents} /> : <p>{t.noIncident}</p>}
      {requests.isError && <p role="alert">{errorText(requests.error, messages.work.problems)}</p>}
      {requests.isSuccess && requests.data.length === 0 && <p>{t.none}</p>}
      {(requests.data ?? []).map((request) => (
        <RequestCard key={request.id} request={request} />
      ))}
    </section>
  );
}

interface AskValues {
  incidentId: string;
  need: string;
  convene: boolean;
}

function FaithRequestForm({ incidents }: { incidents: PictureIncident[] }) {
  const { messages } = useI18n();
  const t = messages.faithContact;
  const send = useRequestFaithCommunities();
  const [sent, setSent] = useState(false);
  const form = useContractForm({
    schema: FaithRequestBody,
    toBody: (values: AskValues) => values,
    defaultValues: { incidentId: incidents[0]?.id ?? "", need: "", convene: false },
  });
  const submit = form.handleSubmit((body) => {
    setSent(false);
    send.mutate(body, {
      onSuccess: () => {
        setSent(true);
        form.reset({ ...form.getValues(), need: "", convene: false });
      },
      onError: form.showRefusal,
    });
  });
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.formHeading} level={4}>
      <IncidentField incidents={incidents} />
      <TextAreaField name="need" label={t.need} hint={t.needHint} invalidText={t.needRequired} />
      <label className="check">
        <input type="checkbox" {...form.register("convene")} /> {t.convene}
      </label>
      {send.isError && <p role="alert">{errorText(send.error, messages.work.problems)}</p>}
      <button type="submit" disabled={send.isPending}>
        {t.send}
      </button>
      {sent && <p role="status">{t.sent}</p>}
    </FormFrame>
  );
}

/** One request as both sides see it: what was asked, and the TiB's answer once given. */
function RequestCard({ request, children }: { request: FaithRequest; children?: React.ReactNode }) {
  const { messages } = useI18n();
  const t = messages.faithContact;
  const nameOf = useOrganisationNames();
  const headingId = useId();
  return (
    <article aria-labelledby={headingId} className="panel">
      <h4 id={headingId}>
        {request.incidentTitle} · {t.from(nameOf(request.organisationId))}
      </h4>
      <p>
        <IncidentTime at={request.createdAt} />
        {request.convene && ` · ${t.conveneAsked}`}
      </p>
      <p>{request.need}</p>
      {request.answer ? (
        <dl>
          <dt>{t.answered}</dt>
          <dd>{t.decisions[request.answer.decision]}</dd>
          <dd>{request.answer.message}</dd>
          <dd>
            <IncidentTime at={request.answer.answeredAt} />
          </dd>
        </dl>
      ) : (
        <p>{t.open}</p>
      )}
      {children}
    </article>
  );
}

/** Länsstyrelsen's TiB: every request of the county's municipalities and region, each answered here once. */
export function FaithInbox({ picture }: { picture: FullRegionalPicture | undefined }) {
  const { messages } = useI18n();
  const t = messages.faithContact;
  const requests = useFaithRequests(picture);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="boards">
      <h3 id={headingId}>{t.inboxHeading}</h3>
      {requests.isError && <p role="alert">{errorText(requests.error, messages.work.problems)}</p>}
      {requests.isSuccess && requests.data.length === 0 && <p>{t.inboxNone}</p>}
      {(requests.data ?? []).map((request) => (
        <RequestCard key={request.id} request={request}>
          {!request.answer && <AnswerForm request={request} />}
        </RequestCard>
      ))}
    </section>
  );
}

function AnswerForm({ request }: { request: FaithRequest }) {
  const { messages } = useI18n();
  const t = messages.faithContact;
  const nameOf = useOrganisationNames();
  const answer = useAnswerFaithRequest();
  const form = useContractForm({
    schema: FaithAnswerBody,
    toBody: (values: FaithAnswerBody) => values,
    defaultValues: { decision: request.convene ? "conference-called" : "contact-given", message: "" },
  });
  const submit = form.handleSubmit((body) =>
    answer.mutate({ id: request.id, ...body }, { onError: form.showRefusal }),
  );
  return (
    <FormProvider {...form}>
      <form
        className="form"
        onSubmit={submit}
        aria-label={t.answerFor(nameOf(request.organisationId), request.incidentTitle)}
        noValidate
      >
        <fieldset className="checks">
          <legend>{t.decision}</legend>
          {FaithRequestDecision.options.map((d) => (
            <label key={d}>
              <input type="radio" value={d} {...form.register("decision")} /> {t.decisions[d]}
            </label>
          ))}
        </fieldset>
        <TextAreaField name="message" label={t.answerLabel} hint={t.answerHint} />
        {answer.isError && <p role="alert">{errorText(answer.error, messages.work.problems)}</p>}
        <button type="submit" disabled={answer.isPending}>
          {t.answer}
        </button>
      </form>
    </FormProvider>
  );
}
