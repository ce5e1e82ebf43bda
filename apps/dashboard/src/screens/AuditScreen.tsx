import { useId, useState } from "react";
import {
  type AuditedService,
  auditedServices,
  downloadAuditExport,
  useAuditStatuses,
  useVerifyAuditTrail,
} from "../api/audit.ts";
import { errorText } from "../api/errors.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { DataTable } from "../layout/DataTable.tsx";

const today = () => new Date().toISOString().slice(0, 10);
const monthAgo = () => new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

/**
 * The organisation admin's review of the audit trails: each service's latest verification against
 * its signed checkpoints (a check on demand beside it), and the export of a period for an auditor.
 */
export default function AuditScreen() {
  const { messages } = useI18n();
  const t = messages.audit;
  const statuses = useAuditStatuses(true);
  const verify = useVerifyAuditTrail();
  const [from, setFrom] = useState(monthAgo);
  const [to, setTo] = useState(today);
  const [exportError, setExportError] = useState<string>();
  const captionId = useId();
  const fromId = useId();
  const toId = useId();

  const download = (service: AuditedService) => {
    setExportError(undefined);
    // `to` is exclusive: the day chosen is included.
    const end = new Date(new Date(to).getTime() + 86_400_000).toISOString().slice(0, 10);
    downloadAuditExport(service, from, end).catch((error: unknown) =>
      setExportError(errorText(error, messages.work.problems)),
    );
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
      <div className="audit-period">
        <label htmlFor={fromId}>{t.from}</label>
        <input id={fromId} type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor={toId}>{t.to}</label>
        <input id={toId} type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
      </div>
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
