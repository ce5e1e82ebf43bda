import type { RosterGroup } from "@krisstod/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { FormProvider } from "react-hook-form";
import { z } from "zod";
import { errorText } from "../api/errors.ts";
import { type ImportReport, importCallLists, useCallList } from "../api/roster.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import { hasRole, type SignedInUser } from "../auth/session.ts";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { TableScroll } from "../layout/TableScroll.tsx";
import { ActionPlanForm } from "../organisation/ActionPlanForm.tsx";
import { CompositionForm } from "../organisation/CompositionForm.tsx";
import { AlarmContactForm, PublicContactForm } from "../organisation/ContactForms.tsx";

/**
 * The organisation's call lists (larmlistor), in calling order, and the import of the whole file
 * (CSV or .xlsx): first checked (dry run, errors row by row), then imported.
 */
export default function CallListScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.callLists;
  const groups: RosterGroup[] = user.organisationId.startsWith("region-")
    ? ["pkl"]
    : ["management", "support-persons"];
  const [group, setGroup] = useState<RosterGroup>(groups[0] ?? "management");
  const groupId = useId();
  const keeps = hasRole(user, "posom-lead", "pkl-lead", "org-admin");
  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      <p>
        <label htmlFor={groupId}>{messages.activation.group}</label>{" "}
        <select id={groupId} value={group} onChange={(e) => setGroup(e.target.value as RosterGroup)}>
          {groups.map((g) => (
            <option key={g} value={g}>
              {messages.activation.groups[g]}
            </option>
          ))}
        </select>
      </p>
      <CallListTable user={user} group={group} />
      {keeps && <ImportForm user={user} />}
      {keeps && <PublicContactForm user={user} />}
      {keeps && <AlarmContactForm user={user} />}
      {keeps && user.organisationId.startsWith("kommun-") && <CompositionForm user={user} />}
      {may(user, "action-plan.write") && <ActionPlanForm user={user} />}
    </main>
  );
}

function CallListTable({ user, group }: { user: SignedInUser; group: RosterGroup }) {
  const { messages } = useI18n();
  const t = messages.callLists;
  const list = useCallList(user.organisationId, group);
  const id = useId();
  const entries = list.data?.entries ?? [];
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{t.listHeading(messages.activation.groups[group])}</h3>
      {list.data?.reviewedAt && (
        <p className="muted">
          {t.reviewedAt} <IncidentTime at={list.data.reviewedAt} />
        </p>
      )}
      {list.isError && <p role="alert">{errorText(list.error, messages.work.problems)}</p>}
      {list.isSuccess && entries.length === 0 && <p>{t.empty}</p>}
      {entries.length > 0 && (
        <TableScroll labelledBy={id}>
          <table aria-labelledby={id}>
            <thead>
              <tr>
                <th scope="col">{t.position}</th>
                <th scope="col">{messages.activation.person}</th>
                <th scope="col">{t.workplace}</th>
                <th scope="col">{messages.centres.phone}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(({ position, person }) => (
                <tr key={person.id}>
                  <td>{position}</td>
                  <th scope="row">
                    {person.givenName} {person.familyName}
                  </th>
                  <td>{person.workplace}</td>
                  <td>{person.phones?.[0] ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

/** Where an upload stands: going up (share 0–1), read by the roster, or done (rows read). */
type Phase = { stage: "uploading"; share: number } | { stage: "reading" } | { stage: "done"; rows: number };

/**
 * The import's request body is the file itself (CSV or .xlsx, the roster's accepted media types),
 * not a JSON contract: what the form checks before sending is that one was chosen.
 */
const ImportFile = z.object({ file: z.instanceof(File) });

const isSpreadsheet = (file: File | undefined) => !file || /\.(csv|xlsx)$/i.test(file.name);

function ImportForm({ user }: { user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.callLists;
  const queryClient = useQueryClient();
  const form = useContractForm({
    schema: ImportFile,
    // None chosen: undefined, which the schema refuses at the field.
    toBody: (values: { file: FileList | undefined }) => ({ file: values.file?.[0] as File }),
    defaultValues: {},
    // Any other file would go up as CSV and come back as a page of row errors.
    rules: (values) => ({ file: isSpreadsheet(values.file?.[0]) ? undefined : t.fileKind }),
  });
  // Where the upload stands and what the roster said: the screen's, not the form's.
  const [phase, setPhase] = useState<Phase>();
  const [report, setReport] = useState<ImportReport>();
  const ids = { form: useId(), errors: useId(), progress: useId() };
  const upload = useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => {
      setPhase({ stage: "uploading", share: 0 });
      return importCallLists({
        organisationId: user.organisationId,
        file,
        dryRun,
        // Once the file is up, the roster reads it row by row: the bar waits (indeterminate).
        onProgress: (share) =>
          setPhase((now) =>
            now?.stage === "done" ? now : share < 1 ? { stage: "uploading", share } : { stage: "reading" },
          ),
      });
    },
    onSuccess: (result) => {
      setPhase({ stage: "done", rows: result.rows });
      setReport(result);
      if (!result.dryRun) void queryClient.invalidateQueries({ queryKey: ["roster", "call-list"] });
    },
    onError: () => setPhase(undefined),
  });
  const progressText =
    phase?.stage === "uploading"
      ? t.uploading(Math.round(phase.share * 100))
      : phase?.stage === "reading"
        ? t.reading
        : phase?.stage === "done"
          ? t.progressDone(phase.rows)
          : "";
  const send = (dryRun: boolean) =>
    form.handleSubmit(({ file }) => {
      if (dryRun) setReport(undefined);
      upload.mutate({ file, dryRun }, { onError: form.showRefusal });
    });
  return (
    <FormProvider {...form}>
      <form className="form" onSubmit={send(true)} aria-labelledby={ids.form} noValidate>
        <h3 id={ids.form}>{t.importHeading}</h3>
        <TextField
          name="file"
          type="file"
          label={t.file}
          hint={t.fileHint}
          invalidText={t.chooseFile}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          options={{
            // A new file: the last one's progress and report no longer apply.
            onChange: () => {
              setReport(undefined);
              setPhase(undefined);
              upload.reset();
            },
          }}
        />
        {phase && (
          <div className="import-progress">
            {phase.stage === "reading" ? (
              <progress aria-labelledby={ids.progress} />
            ) : (
              <progress
                value={phase.stage === "done" ? 1 : phase.share}
                max={1}
                aria-labelledby={ids.progress}
              />
            )}
            <span id={ids.progress} aria-live="polite">
              {progressText}
            </span>
          </div>
        )}
        <div className="form__buttons">
          <button type="submit" disabled={upload.isPending}>
            {t.check}
          </button>
          {report?.dryRun && report.valid && (
            <button type="button" disabled={upload.isPending} onClick={send(false)}>
              {t.import}
            </button>
          )}
        </div>
        {report && (
          <p role="status">
            {report.dryRun
              ? report.valid
                ? t.checkedOk(report.rows, report.created, report.updated, report.removedFromLists)
                : t.checkedErrors(report.errors.length)
              : t.imported(report.rows)}
          </p>
        )}
        {report && report.errors.length > 0 && (
          <TableScroll labelledBy={ids.errors}>
            <table aria-labelledby={ids.errors}>
              <caption id={ids.errors}>{t.errorsHeading}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.line}</th>
                  <th scope="col">{t.column}</th>
                  <th scope="col">{t.problem}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e) => (
                  <tr key={`${e.line}:${e.column}:${e.reason}`}>
                    <td>{e.line}</td>
                    <td>{e.column}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {upload.isError && (
          <p role="alert">{messages.centres.failed(errorText(upload.error, messages.work.problems))}</p>
        )}
      </form>
    </FormProvider>
  );
}
