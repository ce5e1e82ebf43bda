import type { PictureIncident } from "@krisstod/contracts";
import { type FormEvent, useId, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useReunificationSearch } from "../api/supportCentres.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

/**
 * A relative asks for someone: search the visitors this organisation registered for the incident
 * (the service searches nobody else's and audits every search). The answer is personal data: it
 * lives in this component's state only and is gone with "Rensa" or when the screen closes.
 */
export function ReunificationSearch({ incidents }: { incidents: readonly PictureIncident[] }) {
  const { messages } = useI18n();
  const t = messages.reunification;
  const search = useReunificationSearch();
  const [incidentId, setIncidentId] = useState(incidents[0]?.id ?? "");
  const [name, setName] = useState("");
  const [personnummer, setPersonnummer] = useState("");
  const [dateOfBirth, setDateOfBirth] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const ids = {
    form: useId(),
    incident: useId(),
    name: useId(),
    pnr: useId(),
    dob: useId(),
    error: useId(),
    result: useId(),
  };
  const invalid = name.trim().length < 2 && personnummer.trim() === "" && dateOfBirth === "";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (invalid) return;
    search.mutate({
      incidentId: incidentId || (incidents[0]?.id ?? ""),
      ...(name.trim().length >= 2 ? { name: name.trim() } : {}),
      ...(personnummer.trim() ? { personnummer: personnummer.trim() } : {}),
      ...(dateOfBirth ? { dateOfBirth } : {}),
    });
  };
  const clear = () => {
    search.reset();
    setName("");
    setPersonnummer("");
    setDateOfBirth("");
    setSubmitted(false);
  };
  const candidates = search.data?.candidates;
  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h3 id={ids.form}>{t.heading}</h3>
      <p className="hint">{t.intro}</p>
      <label htmlFor={ids.incident}>{messages.activation.incident}</label>
      <select id={ids.incident} value={incidentId} onChange={(e) => setIncidentId(e.target.value)}>
        {incidents.map((i) => (
          <option key={i.id} value={i.id}>
            {i.title}
          </option>
        ))}
      </select>
      <label htmlFor={ids.name}>{t.name}</label>
      <input
        id={ids.name}
        value={name}
        autoComplete="off"
        onChange={(e) => setName(e.target.value)}
        aria-invalid={submitted && invalid}
        aria-describedby={submitted && invalid ? ids.error : undefined}
      />
      {submitted && invalid && (
        <p id={ids.error} className="field-error">
          {t.criteriaMissing}
        </p>
      )}
      <label htmlFor={ids.pnr}>{messages.centres.personnummer}</label>
      <input
        id={ids.pnr}
        value={personnummer}
        autoComplete="off"
        inputMode="numeric"
        onChange={(e) => setPersonnummer(e.target.value)}
      />
      <label htmlFor={ids.dob}>{messages.centres.dateOfBirth}</label>
      <input id={ids.dob} type="date" value={dateOfBirth} onChange={(e) => setDateOfBirth(e.target.value)} />
      <div className="form__buttons">
        <button type="submit" disabled={search.isPending}>
          {t.search}
        </button>
        <button type="button" className="secondary" onClick={clear}>
          {t.clear}
        </button>
      </div>
      {search.isError && (
        <p role="alert">{messages.centres.failed(errorText(search.error, messages.work.problems))}</p>
      )}
      {candidates && (
        <>
          <p role="status">{t.found(candidates.length)}</p>
          {candidates.length > 0 && (
            <table aria-labelledby={ids.result}>
              <caption id={ids.result}>{t.results}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{messages.centres.dateOfBirth}</th>
                  <th scope="col">{messages.centres.relation}</th>
                  <th scope="col">{t.present}</th>
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => (
                  <tr key={c.visitorId}>
                    <th scope="row">{c.name}</th>
                    <td>{c.dateOfBirth ?? c.personnummer?.slice(0, 8) ?? "–"}</td>
                    <td>
                      {c.relation in messages.centres.relations
                        ? messages.centres.relations[c.relation as keyof typeof messages.centres.relations]
                        : c.relation}
                    </td>
                    <td>{c.present ? t.yes : t.no}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </form>
  );
}
