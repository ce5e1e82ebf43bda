import {
  type FullRegionalPicture,
  type PictureIncident,
  RegionAnswerBody,
  type RegionCompetence,
  type RegionRequest,
  RegionRequestBody,
} from "@krisstod/contracts";
import { useId, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useAnswerRegionRequest, useRegionRequests, useRequestFromRegion } from "../api/regionRequests.ts";
import { IncidentField } from "../forms/choices.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { NumberField, SelectField, TextAreaField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import {
  DutyOfficerAnswerForm,
  DutyOfficerInbox,
  DutyOfficerRequestCard,
} from "../layout/DutyOfficerRequest.tsx";

const competences: RegionCompetence[] = ["bup", "adult-psychiatry", "pkl"];

/**
 * A municipality's side of Halland "Kontaktvägar": "Kontakter med Region Halland sker via TIB …
 * exempelvis från BUP (barn och ungdomspsykiatri) eller vuxenpsykiatrin. Även då tas kontakterna
 * via TIB." Ask the region's TIB, and see each request's answer.
 */
export function RegionContact({
  incidents,
  picture,
}: {
  incidents: PictureIncident[];
  picture: FullRegionalPicture | undefined;
}) {
  const { messages } = useI18n();
  const t = messages.regionContact;
  const requests = useRegionRequests(picture);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="boards">
      <h3 id={headingId}>{t.heading}</h3>
      <p>{t.intro}</p>
      {incidents.length > 0 && <RegionRequestForm incidents={incidents} />}
      {requests.isError && <p role="alert">{errorText(requests.error, messages.work.problems)}</p>}
      {requests.isSuccess && requests.data.length === 0 && <p>{t.none}</p>}
      {(requests.data ?? []).map((request) => (
        <RequestCard key={request.id} request={request} />
      ))}
    </section>
  );
}

function RegionRequestForm({ incidents }: { incidents: PictureIncident[] }) {
  const { messages } = useI18n();
  const t = messages.regionContact;
  const send = useRequestFromRegion();
  const [sent, setSent] = useState(false);
  const form = useContractForm({
    schema: RegionRequestBody,
    toBody: (values: RegionRequestBody) => values,
    defaultValues: { incidentId: incidents[0]?.id ?? "", competence: "bup", quantity: 1, message: "" },
  });
  const submit = form.handleSubmit((body) => {
    setSent(false);
    send.mutate(body, {
      onSuccess: () => {
        setSent(true);
        form.reset({ ...form.getValues(), quantity: 1, message: "" });
      },
      onError: form.showRefusal,
    });
  });

  return (
    <FormFrame form={form} onSubmit={submit} heading={t.formHeading} level={4}>
      <IncidentField incidents={incidents} />
      <SelectField
        name="competence"
        label={t.competence}
        choices={competences.map((c) => ({ value: c, label: t.competences[c] }))}
      />
      <NumberField name="quantity" label={t.quantity} min={1} max={100} />
      <TextAreaField name="message" label={t.message} hint={t.messageHint} invalidText={t.invalid} />
      {send.isError && <p role="alert">{errorText(send.error, messages.work.problems)}</p>}
      <button type="submit" disabled={send.isPending}>
        {t.send}
      </button>
      {sent && <p role="status">{t.sent}</p>}
    </FormFrame>
  );
}

/** One request as both sides see it: what was asked, and the TIB's answer once given. */
function RequestCard({ request, answerForm }: { request: RegionRequest; answerForm?: React.ReactNode }) {
  const { messages } = useI18n();
  const t = messages.regionContact;
  const nameOf = useOrganisationNames();
  return (
    <DutyOfficerRequestCard
      request={request}
      heading={`${request.incidentTitle} · ${t.asked(request.quantity, t.competences[request.competence])}`}
      texts={t}
      answerForm={answerForm}
    >
      <p>
        {t.from(nameOf(request.organisationId))} · <IncidentTime at={request.createdAt} />
      </p>
      <p>{request.message}</p>
    </DutyOfficerRequestCard>
  );
}

/** The region's TIB: every municipality's request to the region, each answered here once. */
export function TibInbox({ picture }: { picture: FullRegionalPicture | undefined }) {
  const { messages } = useI18n();
  const t = messages.regionContact;
  const nameOf = useOrganisationNames();
  const answer = useAnswerRegionRequest();
  return (
    <DutyOfficerInbox
      requests={useRegionRequests(picture)}
      texts={t}
      card={(request) => (
        <RequestCard
          key={request.id}
          request={request}
          answerForm={
            <DutyOfficerAnswerForm
              id={request.id}
              label={t.answerFor(nameOf(request.organisationId), request.incidentTitle)}
              schema={RegionAnswerBody}
              decisions={["will-send", "cannot"]}
              initial="will-send"
              texts={t}
              answer={answer}
            />
          }
        />
      )}
    />
  );
}
