import {
  FaithAnswerBody,
  type FaithRequest,
  FaithRequestBody,
  FaithRequestDecision,
  type FullRegionalPicture,
  type PictureIncident,
} from "@krisstod/contracts";
import { useId, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useAnswerFaithRequest, useFaithRequests, useRequestFaithCommunities } from "../api/faithRequests.ts";
import { IncidentField } from "../forms/choices.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextAreaField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import {
  DutyOfficerAnswerForm,
  DutyOfficerInbox,
  DutyOfficerRequestCard,
} from "../layout/DutyOfficerRequest.tsx";

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
function RequestCard({ request, answerForm }: { request: FaithRequest; answerForm?: React.ReactNode }) {
  const { messages } = useI18n();
  const t = messages.faithContact;
  const nameOf = useOrganisationNames();
  return (
    <DutyOfficerRequestCard
      request={request}
      heading={`${request.incidentTitle} · ${t.from(nameOf(request.organisationId))}`}
      texts={t}
      answerForm={answerForm}
    >
      <p>
        <IncidentTime at={request.createdAt} />
        {request.convene && ` · ${t.conveneAsked}`}
      </p>
      <p>{request.need}</p>
    </DutyOfficerRequestCard>
  );
}

/** Länsstyrelsen's TiB: every request of the county's municipalities and region, each answered here once. */
export function FaithInbox({ picture }: { picture: FullRegionalPicture | undefined }) {
  const { messages } = useI18n();
  const t = messages.faithContact;
  const nameOf = useOrganisationNames();
  const answer = useAnswerFaithRequest();
  return (
    <DutyOfficerInbox
      requests={useFaithRequests(picture)}
      texts={t}
      card={(request) => (
        <RequestCard
          key={request.id}
          request={request}
          answerForm={
            <DutyOfficerAnswerForm
              id={request.id}
              label={t.answerFor(nameOf(request.organisationId), request.incidentTitle)}
              schema={FaithAnswerBody}
              decisions={FaithRequestDecision.options}
              initial={request.convene ? "conference-called" : "contact-given"}
              texts={t}
              hint={t.answerHint}
              answer={answer}
            />
          }
        />
      )}
    />
  );
}
