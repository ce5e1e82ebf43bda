import { type PictureIncident, ReunificationSearchBody } from "@krisstod/contracts";
import { useId } from "react";
import { errorText } from "../api/errors.ts";
import { useReunificationSearch } from "../api/supportCentres.ts";
import { IncidentField } from "../forms/choices.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

interface SearchValues {
  incidentId: string;
  name: string;
  personnummer: string;
  dateOfBirth: string;
}

/**
 * A relative asks for someone: search the visitors this organisation registered for the incident
 * (the service searches nobody else's and audits every search). The answer is personal data: it
 * lives in this component's state only and is gone with "Rensa" or when the screen closes.
 */
export function ReunificationSearch({ incidents }: { incidents: readonly PictureIncident[] }) {
  const { messages } = useI18n();
  const t = messages.reunification;
  const search = useReunificationSearch();
  const ids = { result: useId() };
  const blank = { name: "", personnummer: "", dateOfBirth: "" };
  const form = useContractForm({
    schema: ReunificationSearchBody,
    // What is left empty is not searched for; the contract wants at least one of the three.
    toBody: (values: SearchValues): ReunificationSearchBody => ({
      incidentId: values.incidentId || (incidents[0]?.id ?? ""),
      ...(values.name.trim() ? { name: values.name } : {}),
      ...(values.personnummer.trim() ? { personnummer: values.personnummer.trim() } : {}),
      ...(values.dateOfBirth ? { dateOfBirth: values.dateOfBirth } : {}),
    }),
    defaultValues: { incidentId: incidents[0]?.id ?? "", ...blank },
  });
  const submit = form.handleSubmit((body) => search.mutate(body, { onError: form.showRefusal }));
  const clear = () => {
    search.reset();
    form.reset({ ...form.getValues(), ...blank });
  };
  const candidates = search.data?.candidates;
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.heading}>
      <p className="hint">{t.intro}</p>
      <IncidentField incidents={incidents} />
      <TextField name="name" label={t.name} autoComplete="off" invalidText={t.criteriaMissing} />
      <TextField
        name="personnummer"
        label={messages.centres.personnummer}
        autoComplete="off"
        inputMode="numeric"
      />
      <TextField name="dateOfBirth" label={messages.centres.dateOfBirth} type="date" />
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
    </FormFrame>
  );
}
