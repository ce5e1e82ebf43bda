import { AuditPeriod } from "@krisstod/contracts";
import { useId, useState } from "react";
import { FormProvider } from "react-hook-form";
import {
  type AuditedService,
  auditedServices,
  downloadAuditExport,
  useAuditStatuses,
  useVerifyAuditTrail,
} from "../api/audit.ts";
import { errorText } from "../api/errors.ts";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { DataTable } from "../layout/DataTable.tsx";

const today = () => new Date().toISOString().slice(0, 10);
const monthAgo = () => new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
/** The export's `to` is exclusive: the day after the last one chosen (empty stays empty, for the contract). */
const dayAfter = (date: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? new Date(new Date(date).getTime() + 86_400_000).toISOString().slice(0, 10)
    : date;

/**
 * The organisation admin's review of the audit trails: each service's latest verification against
 * its signed checkpoints (a check on demand beside it), and the export of a period for an auditor.
 */
export default function AuditScreen() {
  const { messages } = useI18n();
  const t = messages.audit;
  const statuses = useAuditStatuses(true);
  const verify = useVerifyAuditTrail();
  const [exportError, setExportError] = useState<string>();
  const captionId = useId();
  // The export's period, checked by its contract before asking: the day chosen as "to" is included.
  const period = useContractForm({
    schema: AuditPeriod,
    defaultValues: { from: monthAgo(), to: today() },
    toBody: (v: { from: string; to: string }) => ({ from: v.from, to: dayAfter(v.to) }),
  });
  const from = period.watch("from");
  const to = period.watch("to");

  const download = (service: AuditedService) => {
    setExportError(undefined);
    const body = period.getValues();
    void period.handleSubmit(() =>
      downloadAuditExport(service, body.from, dayAfter(body.to)).catch((error: unknown) => {
        period.showRefusal(error);
        setExportError(errorText(error, messages.work.problems));
      }),
    )();
  };

  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      <p>{t.intro}</p>
      {verify.isError && <p role="alert">{errorText(verify.error, messages.work.problems)}</p>}
      <DataTable
        labelledBy={captionId}
        caption={t.caption}
        columns={[t.service, t.result, t.verifiedRows, t.checkpoints, t.checkedAt, { hidden: t.check }]}
      >
        {auditedServices.map((service, i) => {
          const query = statuses[i];
          const status = query?.data;
          const name = t.services[service];
          return (
            <tr key={service}>
              <th scope="row">{name}</th>
              <td className={status?.checked && !status.ok ? "audit-broken" : undefined}>
                {query?.isError
                  ? errorText(query.error, messages.work.problems)
                  : !status?.checked
                    ? t.notChecked
                    : status.ok
                      ? t.ok
                      : t.broken(
                          status.break?.seq ?? null,
                          status.break ? t.problems[status.break.problem] : "",
                        )}
              </td>
              <td>{status?.checked ? status.rows : "–"}</td>
              <td>
                {!status?.checked
                  ? "–"
                  : !status.checkpoints.configured
                    ? t.noKey
                    : status.checkpoints.coveredTo === 0
                      ? t.noCheckpoints
                      : t.coveredTo(status.checkpoints.coveredTo, status.notYetCheckpointed)}
              </td>
              <td>{status?.checked ? <IncidentTime at={status.checkedAt} /> : "–"}</td>
              <td>
                <button
                  type="button"
                  onClick={() => verify.mutate(service)}
                  disabled={verify.isPending && verify.variables === service}
                >
                  {verify.isPending && verify.variables === service ? t.verifying : t.verifyNow(name)}
                </button>
              </td>
            </tr>
          );
        })}
      </DataTable>

      <h3>{t.exportHeading}</h3>
      <p>{t.exportIntro}</p>
      <FormProvider {...period}>
        <div className="audit-period">
          <TextField name="from" label={t.from} type="date" max={to} />
          <TextField
            name="to"
            label={t.to}
            type="date"
            min={from}
            invalidText={(code) =>
              code === "custom" ? messages.forms.endAfterStart : messages.forms.invalid
            }
          />
        </div>
      </FormProvider>
      {exportError && <p role="alert">{exportError}</p>}
      <ul className="audit-downloads">
        {auditedServices.map((service) => (
          <li key={service}>
            <button type="button" onClick={() => download(service)}>
              {t.download(t.services[service])}
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
