import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { errorText } from "../api/errors.ts";
import {
  downloadReportPdf,
  useReportingStatus,
  useReportVersions,
  useSituationReports,
  useSubmitSituationReport,
} from "../api/reporting.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import type { SignedInUser } from "../auth/session.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { incidentsFor } from "../incidents/incidentsFor.ts";
import { IncidentPicker, localInputValue } from "../layout/IncidentPicker.tsx";
import { TableScroll } from "../layout/TableScroll.tsx";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";
import "../work.css";

/**
 * Situation reports (lägesrapporter) in extraordinary events: a municipality or the region writes
 * the next version; Länsstyrelsen sees who has reported and who is overdue.
 */
export default function ReportsScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const observer = may(user, "situation-report.county");
  return (
    <main className="screen">
      <h2>{messages.reports.heading}</h2>
      {observer ? <ReceivedReports user={user} /> : <ReportForm user={user} />}
    </main>
  );
}

const sections = [
  "situation",
  "consequences",
  "actionsTaken",
  "supportCentres",
  "resourcesAndNeeds",
] as const;

function ReportForm({ user }: { user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.reports;
  const picture = useRegionalPicture(user.countyCode);
  const incidents = useMemo(
    () => incidentsFor(user, picture.data).filter((i) => i.extraordinary),
    [user, picture.data],
  );
  const [chosen, setChosen] = useState<string>();
  const incidentId = chosen ?? incidents[0]?.id;
  const versions = useSituationReports(incidentId, picture.data);
  const submit = useSubmitSituationReport(incidentId ?? "");
  const [text, setText] = useState<Record<(typeof sections)[number], string>>({
    situation: "",
    consequences: "",
    actionsTaken: "",
    supportCentres: "",
    resourcesAndNeeds: "",
  });
  const [next, setNext] = useState(() => localInputValue(new Date(Date.now() + 2 * 3_600_000)));
  const [submitted, setSubmitted] = useState(false);
  const ids = { form: useId(), next: useId(), error: useId(), list: useId() };
  const sectionIds = {
    situation: useId(),
    consequences: useId(),
    actionsTaken: useId(),
    supportCentres: useId(),
    resourcesAndNeeds: useId(),
  };
  const invalid = text.situation.trim() === "";

  if (incidents.length === 0) return <p>{t.noExtraordinary}</p>;
  const send = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (invalid || !incidentId) return;
    submit.mutate(
      {
        organisationId: user.organisationId,
        countyCode: user.countyCode,
        ...Object.fromEntries(sections.map((s) => [s, text[s].trim()])),
        situation: text.situation.trim(),
        nextReportDue: next ? new Date(next).toISOString() : null,
        submittedBy: user.name,
      },
      {
        // Cleared for the next version (the versions list below shows what was sent).
        onSuccess: () => {
          setSubmitted(false);
          setText({
            situation: "",
            consequences: "",
            actionsTaken: "",
            supportCentres: "",
            resourcesAndNeeds: "",
          });
          setNext(localInputValue(new Date(Date.now() + 2 * 3_600_000)));
        },
      },
    );
  };
  return (
    <>
      <IncidentPicker incidents={incidents} value={incidentId} onChange={setChosen} />
      <form className="form" onSubmit={send} aria-labelledby={ids.form} noValidate>
        <h3 id={ids.form}>{t.formHeading}</h3>
        {sections.map((section) => (
          <span key={section} className="form__field">
            <label htmlFor={sectionIds[section]}>{t.sections[section]}</label>
            <textarea
              id={sectionIds[section]}
              rows={section === "situation" ? 4 : 2}
              value={text[section]}
              onChange={(e) => setText({ ...text, [section]: e.target.value })}
              {...(section === "situation"
                ? {
                    "aria-invalid": submitted && invalid,
                    "aria-describedby": submitted && invalid ? ids.error : undefined,
                  }
                : {})}
            />
            {section === "situation" && submitted && invalid && (
              <p id={ids.error} className="field-error">
                {t.situationRequired}
              </p>
            )}
          </span>
        ))}
        <label htmlFor={ids.next}>{t.nextReportDue}</label>
        <input id={ids.next} type="datetime-local" value={next} onChange={(e) => setNext(e.target.value)} />
        <button type="submit" disabled={submit.isPending}>
          {t.submit}
        </button>
        {submit.isSuccess && <p role="status">{t.submitted(submit.data.version)}</p>}
        {submit.isError && (
          <p role="alert">{messages.centres.failed(errorText(submit.error, messages.work.problems))}</p>
        )}
      </form>
      <section aria-labelledby={ids.list} className="panel">
        <h3 id={ids.list}>{t.versions}</h3>
        {versions.isSuccess && versions.data.length === 0 && <p>{t.noVersions}</p>}
        <ul aria-labelledby={ids.list}>
          {(versions.data ?? []).map((v) => (
            <li key={v.id}>
              {t.version(v.version)} · <IncidentTime at={v.submittedAt} /> · {v.submittedBy}
              {v.nextReportDue && (
                <>
                  {" "}
                  · {t.nextReportDue}: <IncidentTime at={v.nextReportDue} />
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** Länsstyrelsen: every expected reporter of every extraordinary incident; overdue ones first. */
function ReceivedReports({ user }: { user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.reports;
  const picture = useRegionalPicture(user.countyCode);
  const status = useReportingStatus(user.countyCode, picture.data);
  const nameOf = useOrganisationNames();
  const id = useId();
  const entries = [...(status.data?.entries ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue));
  const [reading, setReading] = useState<{ incidentId: string; organisationId: string; title: string }>();
  return (
    <>
      <section aria-labelledby={id} className="panel">
        <h3 id={id}>{t.receivedHeading}</h3>
        {status.isError && <p role="alert">{errorText(status.error, messages.work.problems)}</p>}
        {status.isSuccess && <p role="status">{t.overdueCount(status.data.overdue.length)}</p>}
        {status.isSuccess && entries.length === 0 && <p>{t.noneExpected}</p>}
        {entries.length > 0 && (
          <TableScroll labelledBy={id}>
            <table aria-labelledby={id}>
              <thead>
                <tr>
                  <th scope="col">{messages.overview.organisation}</th>
                  <th scope="col">{messages.activation.incident}</th>
                  <th scope="col">{t.latest}</th>
                  <th scope="col">{t.due}</th>
                  <th scope="col">
                    <span className="visually-hidden">{messages.work.visitors.actions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr
                    key={`${e.incidentId}/${e.organisationId}`}
                    className={e.overdue ? "row--overdue" : undefined}
                  >
                    <th scope="row">{nameOf(e.organisationId)}</th>
                    <td>{e.incidentTitle}</td>
                    <td>
                      {e.latestVersion && e.lastSubmittedAt ? (
                        <>
                          {t.version(e.latestVersion)} · <IncidentTime at={e.lastSubmittedAt} />
                        </>
                      ) : (
                        t.notReceived
                      )}
                    </td>
                    <td>
                      {e.dueAt ? <IncidentTime at={e.dueAt} /> : "–"}
                      {e.overdue && <strong className="overdue"> {messages.overview.overdue}</strong>}
                    </td>
                    <td>
                      {e.latestVersion && (
                        <button
                          type="button"
                          className="inline"
                          aria-label={messages.work.receivedReports.read(
                            nameOf(e.organisationId),
                            e.incidentTitle,
                          )}
                          onClick={() =>
                            setReading({
                              incidentId: e.incidentId,
                              organisationId: e.organisationId,
                              title: e.incidentTitle,
                            })
                          }
                        >
                          {messages.work.receivedReports.readShort}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {reading && (
        <ReportReader
          key={`${reading.incidentId}/${reading.organisationId}`}
          {...reading}
          onClose={() => setReading(undefined)}
        />
      )}
    </>
  );
}

/** One organisation's situation reports on one incident: every version, readable, and as PDF. */
function ReportReader({
  incidentId,
  organisationId,
  title,
  onClose,
}: {
  incidentId: string;
  organisationId: string;
  title: string;
  onClose: () => void;
}) {
  const { messages } = useI18n();
  const t = messages.work.receivedReports;
  const user = useUser();
  const picture = useRegionalPicture(user.countyCode);
  const nameOf = useOrganisationNames();
  const versions = useReportVersions(incidentId, organisationId, picture.data);
  const [chosen, setChosen] = useState<number>();
  const [pdfError, setPdfError] = useState<unknown>();
  const list = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  const shown = list.find((v) => v.version === chosen) ?? list[0];
  const headingId = useId();
  // Opened from the table: the focus moves to the report, so a screen reader reads it next.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby={headingId} className="panel report-reader">
      <h3 id={headingId} tabIndex={-1} ref={heading}>
        {t.heading(nameOf(organisationId), title)}
      </h3>
      {versions.isError && <p role="alert">{errorText(versions.error, messages.work.problems)}</p>}
      {list.length > 0 && (
        <>
          <h4>{t.versions}</h4>
          <ul className="place-matches">
            {list.map((v) => (
              <li key={v.id}>
                <button
                  type="button"
                  className={v.version === shown?.version ? "inline" : "inline secondary"}
                  aria-pressed={v.version === shown?.version}
                  onClick={() => setChosen(v.version)}
                >
                  {messages.reports.version(v.version)} · <IncidentTime at={v.submittedAt} />
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {shown && (
        <article aria-label={t.shown(shown.version)}>
          <p>
            <strong>{t.shown(shown.version)}</strong> · <IncidentTime at={shown.submittedAt} /> ·{" "}
            {t.submittedBy(shown.submittedBy)}
          </p>
          <dl>
            {sections.map((section) =>
              shown[section].trim() ? (
                <div key={section}>
                  <dt>{messages.reports.sections[section]}</dt>
                  <dd>{shown[section]}</dd>
                </div>
              ) : null,
            )}
            {shown.nextReportDue && (
              <div>
                <dt>{messages.reports.nextReportDue}</dt>
                <dd>
                  <IncidentTime at={shown.nextReportDue} />
                </dd>
              </div>
            )}
          </dl>
          <p>
            <button
              type="button"
              className="inline"
              onClick={() => {
                setPdfError(undefined);
                downloadReportPdf(shown).catch(setPdfError);
              }}
            >
              {t.pdf(shown.version)}
            </button>{" "}
            <button type="button" className="inline secondary" onClick={onClose}>
              {t.closeReport}
            </button>
          </p>
          {pdfError !== undefined && <p role="alert">{errorText(pdfError, messages.work.problems)}</p>}
        </article>
      )}
    </section>
  );
}
