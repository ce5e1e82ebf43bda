import { AppendLogbookEntryBody, type LogbookEntry } from "@krisstod/contracts";
import { useId, useMemo, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useAppendLogbookEntry, useLogbook } from "../api/reporting.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole } from "../auth/session.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextAreaField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { incidentsFor } from "../incidents/incidentsFor.ts";
import { IncidentPicker } from "../layout/IncidentPicker.tsx";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";

type Book = "ledningsgrupp" | "personal";

/**
 * The logbook of an incident: the ledningsgrupp's shared one, or the signed-in person's own.
 * Append-only: a mistake is corrected by a new entry that names the one it corrects; the old entry
 * stays as written, marked as corrected.
 */
export default function LogbookScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.logbook;
  const picture = useRegionalPicture(user.countyCode);
  const incidents = useMemo(() => incidentsFor(user, picture.data), [user, picture.data]);
  const [chosen, setChosen] = useState<string>();
  const incidentId = chosen ?? incidents[0]?.id;
  const onlyOwn = !hasRole(user, "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib");
  const [book, setBook] = useState<Book>(onlyOwn ? "personal" : "ledningsgrupp");
  const personId = book === "personal" ? user.userId : undefined;
  const entries = useLogbook(incidentId, user.organisationId, book, personId);
  const append = useAppendLogbookEntry(incidentId ?? "");
  const [correcting, setCorrecting] = useState<LogbookEntry>();
  const ids = { book: useId(), list: useId() };
  const byId = new Map((entries.data ?? []).map((e) => [e.id, e]));
  const form = useContractForm({
    schema: AppendLogbookEntryBody,
    toBody: ({ text }: { text: string }): AppendLogbookEntryBody => ({
      organisationId: user.organisationId,
      countyCode: user.countyCode,
      logbook: book,
      ...(personId ? { personId } : {}),
      text,
      ...(correcting ? { correctsEntryId: correcting.id } : {}),
    }),
    defaultValues: { text: "" },
  });
  const submit = form.handleSubmit((body) => {
    if (!incidentId) return;
    append.mutate(body, {
      onSuccess: () => {
        form.reset({ text: "" });
        setCorrecting(undefined);
        form.setFocus("text");
      },
      onError: form.showRefusal,
    });
  });

  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      {incidents.length === 0 ? (
        <p>{messages.activation.noIncidents}</p>
      ) : (
        <>
          <IncidentPicker incidents={incidents} value={incidentId} onChange={setChosen} />
          {!onlyOwn && (
            <p>
              <label htmlFor={ids.book}>{t.book}</label>{" "}
              <select id={ids.book} value={book} onChange={(e) => setBook(e.target.value as Book)}>
                <option value="ledningsgrupp">{t.books.ledningsgrupp}</option>
                <option value="personal">{t.books.personal}</option>
              </select>
            </p>
          )}
          <FormFrame
            form={form}
            onSubmit={submit}
            heading={correcting ? t.correctionHeading : t.appendHeading}
          >
            {correcting && (
              <p className="hint">
                {t.correcting(correcting.text)}{" "}
                <button type="button" className="inline secondary" onClick={() => setCorrecting(undefined)}>
                  {t.cancelCorrection}
                </button>
              </p>
            )}
            <TextAreaField name="text" label={t.text} rows={3} invalidText={t.textRequired} />
            <button type="submit" disabled={append.isPending}>
              {correcting ? t.saveCorrection : t.append}
            </button>
            {append.isError && (
              <p role="alert">{messages.centres.failed(errorText(append.error, messages.work.problems))}</p>
            )}
          </FormFrame>
          <section aria-labelledby={ids.list} className="panel">
            <h3 id={ids.list}>{t.entries}</h3>
            {entries.isError && <p role="alert">{errorText(entries.error, messages.work.problems)}</p>}
            {entries.isSuccess && entries.data.length === 0 && <p>{t.none}</p>}
            <ol className="logbook" aria-labelledby={ids.list}>
              {(entries.data ?? []).map((entry) => {
                const corrects = entry.correctsEntryId ? byId.get(entry.correctsEntryId) : undefined;
                const corrected = entry.correctedBy.length > 0;
                return (
                  <li key={entry.id} className={corrected ? "logbook__entry--corrected" : undefined}>
                    <IncidentTime at={entry.occurredAt} /> · {entry.authorName}
                    {corrects && (
                      <span className="muted">
                        {" "}
                        · {t.correctionOf} <IncidentTime at={corrects.occurredAt} />
                      </span>
                    )}
                    {corrected && <strong className="overdue"> · {t.corrected}</strong>}
                    <p>{entry.text}</p>
                    <button
                      type="button"
                      className="inline secondary"
                      aria-label={t.correctEntry(entry.text)}
                      onClick={() => {
                        setCorrecting(entry);
                        form.setValue("text", entry.text);
                        form.setFocus("text");
                      }}
                    >
                      {t.correct}
                    </button>
                  </li>
                );
              })}
            </ol>
          </section>
        </>
      )}
    </main>
  );
}
