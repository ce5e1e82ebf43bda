import type {
  FullRegionalPicture,
  PictureIncident,
  RegionCompetence,
  RegionRequest,
} from "@krisstod/contracts";
import { type FormEvent, useId, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useAnswerRegionRequest, useRegionRequests, useRequestFromRegion } from "../api/regionRequests.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";

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
  const [incidentId, setIncidentId] = useState(incidents[0]?.id ?? "");
  const [competence, setCompetence] = useState<RegionCompetence>("bup");
  const [quantity, setQuantity] = useState("1");
  const [text, setText] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const [sent, setSent] = useState(false);
  const ids = {
    form: useId(),
    incident: useId(),
    competence: useId(),
    quantity: useId(),
    text: useId(),
    hint: useId(),
  };
  const incident = incidents.find((i) => i.id === incidentId) ?? incidents[0];
  const invalid = !incident || text.trim().length < 2 || !(Number(quantity) >= 1 && Number(quantity) <= 100);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSent(false);
    if (invalid || !incident) return;
    send.mutate(
      { incidentId: incident.id, competence, quantity: Number(quantity), message: text.trim() },
      {
        onSuccess: () => {
          setSent(true);
          setSubmitted(false);
          setText("");
          setQuantity("1");
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h4 id={ids.form}>{t.formHeading}</h4>
      <label htmlFor={ids.incident}>{messages.activation.incident}</label>
      <select id={ids.incident} value={incident?.id} onChange={(e) => setIncidentId(e.target.value)}>
        {incidents.map((i) => (
          <option key={i.id} value={i.id}>
            {i.title}
          </option>
        ))}
      </select>
      <label htmlFor={ids.competence}>{t.competence}</label>
      <select
        id={ids.competence}
        value={competence}
        onChange={(e) => setCompetence(e.target.value as RegionCompetence)}
      >
        {competences.map((c) => (
          <option key={c} value={c}>
            {t.competences[c]}
          </option>
        ))}
      </select>
      <label htmlFor={ids.quantity}>{t.quantity}</label>
      <input
        id={ids.quantity}
        type="number"
        inputMode="numeric"
        min={1}
        max={100}
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
      />
      <label htmlFor={ids.text}>{t.message}</label>
      <textarea
        id={ids.text}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={ids.hint}
        aria-invalid={submitted && text.trim().length < 2}
      />
      <p id={ids.hint} className="hint">
        {t.messageHint}
      </p>
      {submitted && invalid && <p className="field-error">{t.invalid}</p>}
      {send.isError && <p role="alert">{errorText(send.error, messages.work.problems)}</p>}
      <button type="submit" disabled={send.isPending}>
        {t.send}
      </button>
      {sent && <p role="status">{t.sent}</p>}
    </form>
  );
}

/** One request as both sides see it: what was asked, and the TIB's answer once given. */
function RequestCard({ request, children }: { request: RegionRequest; children?: React.ReactNode }) {
  const { messages } = useI18n();
  const t = messages.regionContact;
  const nameOf = useOrganisationNames();
  const headingId = useId();
  return (
    <article aria-labelledby={headingId} className="panel">
      <h4 id={headingId}>
        {request.incidentTitle} · {t.asked(request.quantity, t.competences[request.competence])}
      </h4>
      <p>
        {t.from(nameOf(request.organisationId))} · <IncidentTime at={request.createdAt} />
      </p>
      <p>{request.message}</p>
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

/** The region's TIB: every municipality's request to the region, each answered here once. */
export function TibInbox({ picture }: { picture: FullRegionalPicture | undefined }) {
  const { messages } = useI18n();
  const t = messages.regionContact;
  const requests = useRegionRequests(picture);
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

function AnswerForm({ request }: { request: RegionRequest }) {
  const { messages } = useI18n();
  const t = messages.regionContact;
  const nameOf = useOrganisationNames();
  const answer = useAnswerRegionRequest();
  const [decision, setDecision] = useState<"will-send" | "cannot">("will-send");
  const [text, setText] = useState("");
  const ids = { form: useId(), text: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim().length < 2) return;
    answer.mutate({ id: request.id, decision, message: text.trim() });
  };
  return (
    <form
      className="form"
      onSubmit={submit}
      aria-label={t.answerFor(nameOf(request.organisationId), request.incidentTitle)}
      noValidate
    >
      <fieldset className="checks">
        <legend>{t.decision}</legend>
        {(["will-send", "cannot"] as const).map((d) => (
          <label key={d}>
            <input
              type="radio"
              name={`decision-${request.id}`}
              checked={decision === d}
              onChange={() => setDecision(d)}
            />{" "}
            {t.decisions[d]}
          </label>
        ))}
      </fieldset>
      <label htmlFor={ids.text}>{t.answerLabel}</label>
      <textarea id={ids.text} value={text} onChange={(e) => setText(e.target.value)} />
      {answer.isError && <p role="alert">{errorText(answer.error, messages.work.problems)}</p>}
      <button type="submit" disabled={answer.isPending}>
        {t.answer}
      </button>
    </form>
  );
}
