import { SubmitSituationReportBody, situationReportSectionNames } from "@krisstod/contracts";
import { useEffect, useId, useMemo, useRef, useState } from "react";
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
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextAreaField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
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

interface ReportValues {
  situation: string;
  consequences: string;
  actionsTaken: string;
  supportCentres: string;
  resourcesAndNeeds: string;
  /** datetime-local; empty when no next report is planned. */
  nextReportDue: string;
}

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
  const ids = { list: useId() };
  const blank = (): ReportValues => ({
    situation: "",
    consequences: "",
    actionsTaken: "",
    supportCentres: "",
    resourcesAndNeeds: "",
    nextReportDue: localInputValue(new Date(Date.now() + 2 * 3_600_000)),
  });
  const form = useContractForm({
    schema: SubmitSituationReportBody,
    toBody: ({ nextReportDue, ...text }: ReportValues): SubmitSituationReportBody => {
      const next = new Date(nextReportDue);
      return {
        ...text,
        organisationId: user.organisationId,
        countyCode: user.countyCode,
        // None planned when left empty; what is not a time goes as typed, for the contract to name.
        nextReportDue:
          nextReportDue === "" ? null : Number.isNaN(next.getTime()) ? nextReportDue : next.toISOString(),
        submittedBy: user.name,
      };
    },
    defaultValues: blank(),
  });

  if (incidents.length === 0) return <p>{t.noExtraordinary}</p>;
  const send = form.handleSubmit((body) => {
    if (!incidentId) return;
    // Cleared for the next version (the versions list below shows what was sent).
    submit.mutate(body, { onSuccess: () => form.reset(blank()), onError: form.showRefusal });
  });
  return (
    <>
      <IncidentPicker incidents={incidents} value={incidentId} onChange={setChosen} />
      <FormFrame form={form} onSubmit={send} heading={t.formHeading}>
        {situationReportSectionNames.map((section) => (
          <span key={section} className="form__field">
            <TextAreaField
              name={section}
              label={t.sections[section]}
              rows={section === "situation" ? 4 : 2}
              {...(section === "situation" ? { invalidText: t.situationRequired } : {})}
            />
          </span>
        ))}
        <TextField name="nextReportDue" label={t.nextReportDue} type="datetime-local" />
        <button type="submit" disabled={submit.isPending}>
          {t.submit}
        </button>
        {submit.isSuccess && <p role="status">{t.submitted(submit.data.version)}</p>}
        {submit.isError && (
          <p role="alert">{messages.centres.failed(errorText(submit.error, messages.work.problems))}</p>
        )}
      </FormFrame>
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
            {situationReportSectionNames.map((section) =>
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
