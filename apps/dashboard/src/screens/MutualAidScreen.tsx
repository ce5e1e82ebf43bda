import type { AidRequest, PictureIncident } from "@krisstod/contracts";
import { type FormEvent, useId, useMemo, useState } from "react";
import { errorText } from "../api/errors.ts";
import {
  useAcceptOffer,
  useAidRequests,
  useOfferAid,
  useOrganisation,
  useReleasePeople,
  useRequestAid,
} from "../api/mutualAid.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole, type SignedInUser } from "../auth/session.ts";
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

function RequestForm({ user, incidents }: { user: SignedInUser; incidents: PictureIncident[] }) {
  const { messages } = useI18n();
  const t = messages.aid;
  const nameOf = useOrganisationNames();
  const organisation = useOrganisation(user.organisationId);
  const neighbours = organisation.data?.neighbours ?? [];
  const send = useRequestAid();
  const [incidentId, setIncidentId] = useState(incidents[0]?.id ?? "");
  const incident = incidents.find((i) => i.id === incidentId) ?? incidents[0];
  const [quantity, setQuantity] = useState("2");
  const [asked, setAsked] = useState<string[]>([]);
  const [wholeCounty, setWholeCounty] = useState(false);
  const [task, setTask] = useState("");
  const [place, setPlace] = useState(incident?.location.address ?? "");
  const [from, setFrom] = useState(() => localInputValue(new Date()));
  const [to, setTo] = useState(() => localInputValue(new Date(Date.now() + 12 * 3_600_000)));
  const [submitted, setSubmitted] = useState(false);
  const [sent, setSent] = useState(false);
  const ids = {
    form: useId(),
    incident: useId(),
    quantity: useId(),
    task: useId(),
    taskHint: useId(),
    place: useId(),
    from: useId(),
    to: useId(),
    askedError: useId(),
  };
  const errors = {
    quantity: !(Number(quantity) >= 1 && Number(quantity) <= 500),
    asked: !wholeCounty && asked.length === 0,
    task: task.trim().length < 2,
    place: place.trim().length < 2,
    window: !(Date.parse(to) > Date.parse(from)),
  };
  const invalid = Object.values(errors).some(Boolean);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSent(false);
    if (invalid || !incident) return;
    send.mutate(
      {
        incidentId: incident.id,
        quantity: Number(quantity),
        anticipatedFunction: task.trim(),
        place: place.trim(),
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        addressedTo: wholeCounty ? "county" : asked,
      },
      {
        // Cleared for the next request (the request itself is listed below).
        onSuccess: () => {
          setSent(true);
          setSubmitted(false);
          setQuantity("2");
          setAsked([]);
          setWholeCounty(false);
          setTask("");
          // Back to the defaults the form opened with: the incident's place, from now, 12 hours.
          setPlace(incident?.location.address ?? "");
          setFrom(localInputValue(new Date()));
          setTo(localInputValue(new Date(Date.now() + 12 * 3_600_000)));
        },
      },
    );
  };
  const toggle = (id: string, on: boolean) =>
    setAsked((previous) => (on ? [...previous, id] : previous.filter((x) => x !== id)));

  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h3 id={ids.form}>{t.requestHeading}</h3>
      <label htmlFor={ids.incident}>{messages.activation.incident}</label>
      <select
        id={ids.incident}
        value={incident?.id}
        onChange={(e) => {
          setIncidentId(e.target.value);
          setPlace(incidents.find((i) => i.id === e.target.value)?.location.address ?? "");
        }}
      >
        {incidents.map((i) => (
          <option key={i.id} value={i.id}>
            {i.title}
          </option>
        ))}
      </select>
      <label htmlFor={ids.quantity}>{t.quantity}</label>
      <input
        id={ids.quantity}
        type="number"
        inputMode="numeric"
        min={1}
        max={500}
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
        aria-invalid={submitted && errors.quantity}
      />
      <fieldset className="checks" aria-describedby={submitted && errors.asked ? ids.askedError : undefined}>
        <legend>{t.askWhom}</legend>
        {neighbours.map((id) => (
          <label key={id}>
            <input
              type="checkbox"
              checked={asked.includes(id)}
              disabled={wholeCounty}
              onChange={(e) => toggle(id, e.target.checked)}
            />{" "}
            {nameOf(id)}
          </label>
        ))}
        <label>
          <input type="checkbox" checked={wholeCounty} onChange={(e) => setWholeCounty(e.target.checked)} />{" "}
          {t.wholeCounty}
        </label>
        {submitted && errors.asked && (
          <p id={ids.askedError} className="field-error">
            {t.askWhomMissing}
          </p>
        )}
      </fieldset>
      <label htmlFor={ids.task}>{t.task}</label>
      <input
        id={ids.task}
        value={task}
        onChange={(e) => setTask(e.target.value)}
        aria-invalid={submitted && errors.task}
        aria-describedby={ids.taskHint}
      />
      <p id={ids.taskHint} className={submitted && errors.task ? "field-error" : "hint"}>
        {t.taskHint}
      </p>
      <label htmlFor={ids.place}>{t.place}</label>
      <input
        id={ids.place}
        value={place}
        onChange={(e) => setPlace(e.target.value)}
        aria-invalid={submitted && errors.place}
      />
      <div className="form__pair">
        <span>
          <label htmlFor={ids.from}>{t.from}</label>
          <input id={ids.from} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </span>
        <span>
          <label htmlFor={ids.to}>{t.to}</label>
          <input
            id={ids.to}
            type="datetime-local"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            aria-invalid={submitted && errors.window}
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
    </form>
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
              {t.offer(nameOf(offer.organisationId), offer.quantity)} ·{" "}
              <strong>{ended(offer) ? t.ended : offer.status === "accepted" ? t.accepted : t.offered}</strong>
              {offer.note && <span className="muted"> · {offer.note}</span>}
              {deployedNow(offer) > 0 && <span> · {t.deployedNow(deployedNow(offer))}</span>}
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
    </section>
  );
}

function OfferForm({ request, asker }: { request: AidRequest; asker: string }) {
  const { messages } = useI18n();
  const t = messages.aid;
  const offer = useOfferAid();
  const [quantity, setQuantity] = useState(String(request.quantity));
  const [note, setNote] = useState("");
  const ids = { form: useId(), quantity: useId(), note: useId() };
  const invalid = !(Number(quantity) >= 1 && Number(quantity) <= 500);
  return (
    <form
      className="form form--inline"
      aria-labelledby={ids.form}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid)
          offer.mutate(
            { requestId: request.id, quantity: Number(quantity), note: note.trim() },
            { onSuccess: () => setNote("") },
          );
      }}
    >
      <h5 id={ids.form}>{t.offerHeading(asker)}</h5>
      <label htmlFor={ids.quantity}>{t.offerQuantity}</label>
      <input
        id={ids.quantity}
        type="number"
        inputMode="numeric"
        min={1}
        max={500}
        value={quantity}
        aria-invalid={invalid}
        onChange={(e) => setQuantity(e.target.value)}
      />
      <label htmlFor={ids.note}>{t.note}</label>
      <input id={ids.note} value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" disabled={offer.isPending}>
        {t.sendOffer}
      </button>
      {offer.isError && (
        <p role="alert">{messages.centres.failed(errorText(offer.error, messages.work.problems))}</p>
      )}
    </form>
  );
}

const deployedNow = (offer: AidRequest["offers"][number]) =>
  offer.deployed.filter((d) => d.status === "deployed").length;

/** People were sent and all of them are back: the deployment is over, nobody more is to be named. */
const ended = (offer: AidRequest["offers"][number]) => offer.deployed.length > 0 && deployedNow(offer) === 0;
