import { AidOfferBody, type AidRequest, AidRequestBody, type PictureIncident } from "@krisstod/contracts";
import { useId, useMemo, useState } from "react";
import { errorText } from "../api/errors.ts";
import {
  useAcceptOffer,
  useAidRequests,
  useDeclineAid,
  useOfferAid,
  useOrganisation,
  useReleasePeople,
  useRequestAid,
} from "../api/mutualAid.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole, type SignedInUser } from "../auth/session.ts";
import { CheckboxGroup, IncidentField } from "../forms/choices.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { NumberField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { incidentsFor } from "../incidents/incidentsFor.ts";
import { localInputValue } from "../layout/IncidentPicker.tsx";
import { DeployForm } from "../mutual-aid/DeployForm.tsx";
import { RegionContact } from "../mutual-aid/RegionContact.tsx";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";

/**
 * Mutual aid (resource sharing): ask neighbours for support persons, answer their requests with an
 * offer, accept an offer. Länsstyrelsen sees every request of the county here and on the map.
 */
export default function MutualAidScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.aid;
  const picture = useRegionalPicture(user.countyCode);
  const requests = useAidRequests(picture.data);
  const incidents = useMemo(() => incidentsFor(user, picture.data), [user, picture.data]);
  const acts = hasRole(user, "posom-lead", "ledningsgrupp", "pkl-lead");
  const ours = (requests.data ?? []).filter((r) => r.organisationId === user.organisationId);
  const theirs = (requests.data ?? []).filter((r) => r.organisationId !== user.organisationId);
  const oursId = useId();
  const theirsId = useId();

  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      {acts && incidents.length > 0 && <RequestForm user={user} incidents={incidents} />}
      {requests.isError && <p role="alert">{errorText(requests.error, messages.work.problems)}</p>}
      {acts && (
        <section aria-labelledby={oursId} className="boards">
          <h3 id={oursId}>{t.oursHeading}</h3>
          {requests.isSuccess && ours.length === 0 && <p>{t.none}</p>}
          {ours.map((r) => (
            <RequestPanel key={r.id} request={r} user={user} incidents={picture.data?.incidents ?? []} />
          ))}
        </section>
      )}
      <section aria-labelledby={theirsId} className="boards">
        <h3 id={theirsId}>{acts ? t.theirsHeading : t.countyHeading}</h3>
        {requests.isSuccess && theirs.length === 0 && <p>{t.none}</p>}
        {theirs.map((r) => (
          <RequestPanel key={r.id} request={r} user={user} incidents={picture.data?.incidents ?? []} />
        ))}
      </section>
      {/* Halland: "Kontakter med Region Halland sker via TIB" — a municipality's POSOM asks there. */}
      {hasRole(user, "posom-lead", "ledningsgrupp") && user.organisationId.startsWith("kommun-") && (
        <RegionContact incidents={incidents} picture={picture.data} />
      )}
    </main>
  );
}

interface AidRequestValues {
  incidentId: string;
  quantity: number;
  /** Neighbours asked, unless the whole county is. */
  asked: string[];
  wholeCounty: boolean;
  anticipatedFunction: string;
  place: string;
  /** datetime-local values, local time. */
  from: string;
  to: string;
}

/** A datetime-local value as ISO; what is not a time goes as typed, for the contract to name. */
const isoOf = (local: string) => {
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
};

function RequestForm({ user, incidents }: { user: SignedInUser; incidents: PictureIncident[] }) {
  const { messages } = useI18n();
  const t = messages.aid;
  const nameOf = useOrganisationNames();
  const organisation = useOrganisation(user.organisationId);
  const neighbours = organisation.data?.neighbours ?? [];
  const send = useRequestAid();
  const [sent, setSent] = useState(false);
  // The defaults the form opens with, and returns to after a request: the incident's place, from now, 12 hours.
  const fresh = (incident: PictureIncident | undefined): AidRequestValues => ({
    incidentId: incident?.id ?? "",
    quantity: 2,
    asked: [],
    wholeCounty: false,
    anticipatedFunction: "",
    place: incident?.location.address ?? "",
    from: localInputValue(new Date()),
    to: localInputValue(new Date(Date.now() + 12 * 3_600_000)),
  });
  const form = useContractForm({
    schema: AidRequestBody,
    toBody: ({ asked, wholeCounty, from, to, ...values }: AidRequestValues): AidRequestBody => ({
      ...values,
      from: isoOf(from),
      to: isoOf(to),
      addressedTo: wholeCounty ? "county" : asked,
    }),
    defaultValues: fresh(incidents[0]),
  });
  const wholeCounty = form.watch("wholeCounty");

  const submit = form.handleSubmit((body) => {
    setSent(false);
    send.mutate(body, {
      // Cleared for the next request (the request itself is listed below).
      onSuccess: () => {
        setSent(true);
        form.reset(fresh(incidents.find((i) => i.id === body.incidentId)));
      },
      onError: form.showRefusal,
    });
  });

  return (
    <FormFrame form={form} onSubmit={submit} heading={t.requestHeading}>
      <IncidentField
        incidents={incidents}
        onChange={(id) => form.setValue("place", incidents.find((i) => i.id === id)?.location.address ?? "")}
      />
      <NumberField name="quantity" label={t.quantity} min={1} max={500} />
      <CheckboxGroup
        name="asked"
        errorName="addressedTo"
        legend={t.askWhom}
        options={neighbours.map((id) => ({ value: id, label: nameOf(id) }))}
        disabled={wholeCounty}
        invalidText={t.askWhomMissing}
        className="checks"
      >
        <label>
          <input type="checkbox" {...form.register("wholeCounty")} /> {t.wholeCounty}
        </label>
      </CheckboxGroup>
      <TextField name="anticipatedFunction" label={t.task} hint={t.taskHint} invalidText={t.taskHint} />
      <TextField name="place" label={t.place} />
      <div className="form__pair">
        <span>
          <TextField name="from" label={t.from} type="datetime-local" />
        </span>
        <span>
          <TextField
            name="to"
            label={t.to}
            type="datetime-local"
            invalidText={messages.forms.endAfterStart}
          />
        </span>
      </div>
      <button type="submit" disabled={send.isPending}>
        {t.send}
      </button>
      {sent && <p role="status">{t.sent}</p>}
      {send.isError && (
        <p role="alert">{messages.centres.failed(errorText(send.error, messages.work.problems))}</p>
      )}
    </FormFrame>
  );
}

function RequestPanel({
  request,
  user,
  incidents,
}: {
  request: AidRequest;
  user: SignedInUser;
  incidents: readonly PictureIncident[];
}) {
  const { messages } = useI18n();
  const t = messages.aid;
  const nameOf = useOrganisationNames();
  const headingId = useId();
  const accept = useAcceptOffer();
  const release = useReleasePeople();
  const mine = request.organisationId === user.organisationId;
  const acts = hasRole(user, "posom-lead", "ledningsgrupp", "pkl-lead");
  const title = incidents.find((i) => i.id === request.incidentId)?.title ?? "";
  const asker = nameOf(request.organisationId);
  const accepted = request.offers.filter((o) => o.status === "accepted").reduce((n, o) => n + o.quantity, 0);
  const ownOffer = request.offers.find((o) => o.organisationId === user.organisationId);
  const addressed =
    request.addressedTo === "county" ? t.wholeCounty : request.addressedTo.map(nameOf).join(", ");

  return (
    <section aria-labelledby={headingId} className="panel">
      <h4 id={headingId}>{t.requestTitle(asker, request.quantity, title)}</h4>
      <p className="muted">
        {t.askedOf(addressed)} · {request.anticipatedFunction} · {request.place} ·{" "}
        <IncidentTime at={request.from} />
        –<IncidentTime at={request.to} />
      </p>
      {request.contact && <p>{t.contact(contactText(request.contact))}</p>}
      {request.remote && <p className="muted">{t.remote}</p>}
      <progress
        value={Math.min(accepted, request.quantity)}
        max={request.quantity}
        aria-label={t.progress(accepted, request.quantity)}
      />
      <p aria-live="polite">{t.progress(accepted, request.quantity)}</p>
      {request.offers.length === 0 ? (
        <p>{t.noOffers}</p>
      ) : (
        <ul aria-label={t.offersOf(asker)}>
          {request.offers.map((offer) => (
            <li key={offer.id}>
              {offer.status === "declined"
                ? nameOf(offer.organisationId)
                : t.offer(nameOf(offer.organisationId), offer.quantity)}{" "}
              · <strong>{statusText(offer, t)}</strong>
              {offer.lead && <span> · {t.lead(contactText(offer.lead))}</span>}
              {offer.note && <span className="muted"> · {offer.note}</span>}
              {deployedNow(offer) > 0 && <span> · {t.deployedNow(deployedNow(offer))}</span>}
              {offer.staffing && (
                <span>
                  {" "}
                  · {t.staffing(nameOf(offer.organisationId), offer.staffing.onSite, offer.staffing.released)}{" "}
                  (<IncidentTime at={offer.staffing.asOf} />)
                </span>
              )}
              {acts && deployedNow(offer) > 0 && (mine || offer.organisationId === user.organisationId) && (
                <>
                  {" "}
                  <button
                    type="button"
                    className="inline secondary"
                    disabled={release.isPending}
                    onClick={() => release.mutate(offer.id)}
                  >
                    {t.release(nameOf(offer.organisationId))}
                  </button>
                </>
              )}
              {mine && acts && offer.status === "offered" && (
                <>
                  {" "}
                  <button
                    type="button"
                    className="inline"
                    disabled={accept.isPending}
                    onClick={() => accept.mutate(offer.id)}
                  >
                    {t.accept(nameOf(offer.organisationId), offer.quantity)}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {(accept.isError || release.isError) && (
        <p role="alert">
          {messages.centres.failed(errorText(accept.error ?? release.error, messages.work.problems))}
        </p>
      )}
      {acts && ownOffer?.status === "accepted" && !ended(ownOffer) && (
        <DeployForm offer={ownOffer} organisationId={user.organisationId} asker={asker} />
      )}
      {!mine && acts && !ownOffer && <OfferForm request={request} asker={asker} />}
      {!mine && acts && !ownOffer && <DeclineButton requestId={request.id} asker={asker} />}
    </section>
  );
}

/** An asked organisation that cannot help says so, rather than leaving the asker waiting. */
function DeclineButton({ requestId, asker }: { requestId: string; asker: string }) {
  const { messages } = useI18n();
  const decline = useDeclineAid();
  return (
    <p>
      <button
        type="button"
        className="inline secondary"
        disabled={decline.isPending}
        onClick={() => decline.mutate(requestId)}
      >
        {messages.aid.decline(asker)}
      </button>
      {decline.isError && (
        <span role="alert"> {messages.centres.failed(errorText(decline.error, messages.work.problems))}</span>
      )}
    </p>
  );
}

type Offer = AidRequest["offers"][number];

function statusText(offer: Offer, t: { ended: string; accepted: string; offered: string; declined: string }) {
  if (offer.status === "declined") return t.declined;
  if (ended(offer)) return t.ended;
  return offer.status === "accepted" ? t.accepted : t.offered;
}

/** A staff contact as one line: name, then phone and e-mail where given. */
const contactText = (contact: NonNullable<AidRequest["contact"]>) =>
  [contact.name, contact.phone, contact.email].filter(Boolean).join(", ");

function OfferForm({ request, asker }: { request: AidRequest; asker: string }) {
  const { messages } = useI18n();
  const t = messages.aid;
  const offer = useOfferAid();
  const form = useContractForm({
    schema: AidOfferBody,
    toBody: (values: { quantity: number; note: string }) => values,
    defaultValues: { quantity: request.quantity, note: "" },
  });
  const submit = form.handleSubmit(({ quantity, note }) =>
    offer.mutate(
      { requestId: request.id, quantity, note },
      { onSuccess: () => form.setValue("note", ""), onError: form.showRefusal },
    ),
  );
  return (
    <FormFrame
      form={form}
      onSubmit={submit}
      heading={t.offerHeading(asker)}
      level={5}
      className="form form--inline"
    >
      <NumberField name="quantity" label={t.offerQuantity} min={1} max={500} />
      <TextField name="note" label={t.note} />
      <button type="submit" disabled={offer.isPending}>
        {t.sendOffer}
      </button>
      {offer.isError && (
        <p role="alert">{messages.centres.failed(errorText(offer.error, messages.work.problems))}</p>
      )}
    </FormFrame>
  );
}

const deployedNow = (offer: AidRequest["offers"][number]) =>
  offer.deployed.filter((d) => d.status === "deployed").length;

/** People were sent and all of them are back: the deployment is over, nobody more is to be named. */
const ended = (offer: AidRequest["offers"][number]) => offer.deployed.length > 0 && deployedNow(offer) === 0;
