import type { CountySettingsView } from "@krisstod/contracts";
import { type FormEvent, useId, useState } from "react";
import {
  type SettingsService,
  settingsServices,
  useChangeCountySettings,
  useCountySettings,
} from "../api/countySettings.ts";
import { errorText } from "../api/errors.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole } from "../auth/session.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { DataTable } from "../layout/DataTable.tsx";

/**
 * The county's settings: the numbers the guidelines do not give (the distance from the scene, the
 * first situation report's deadline, retention, readiness weights and review interval). Each is
 * shown with its value, its default and the mark that it is a local choice, not the guideline's;
 * Länsstyrelsen's admin changes them, a service at a time (the readiness weights together).
 */
export default function SettingsScreen({ countyCode }: { countyCode: string }) {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.settings;
  const queries = useCountySettings(countyCode);
  const edits = user.organisationId === `lansstyrelsen-${countyCode}` && hasRole(user, "org-admin");
  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      <p>{t.intro}</p>
      {!edits && <p>{t.readOnly}</p>}
      {settingsServices.map((service, i) => {
        const query = queries[i];
        return (
          <section key={service} aria-labelledby={`settings-${service}`}>
            <h3 id={`settings-${service}`}>{t.services[service]}</h3>
            {query?.isError && <p role="alert">{errorText(query.error, messages.work.problems)}</p>}
            {query?.data && <ServiceSettings service={service} view={query.data} edits={edits} />}
          </section>
        );
      })}
    </main>
  );
}

function ServiceSettings({
  service,
  view,
  edits,
}: {
  service: SettingsService;
  view: CountySettingsView;
  edits: boolean;
}) {
  const { messages } = useI18n();
  const t = messages.settings;
  const names = messages.work.problems.fieldNames;
  const change = useChangeCountySettings();
  const captionId = useId();
  const inputId = useId();
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(view.settings.map((s) => [s.key, String(s.value)])),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Only what changed is sent; an empty field is sent as it is, for the service to name.
    const values: Record<string, number> = {};
    for (const setting of view.settings) {
      const text = draft[setting.key] ?? "";
      if (text !== String(setting.value))
        values[setting.key] = text.trim() === "" ? Number.NaN : Number(text);
    }
    if (Object.keys(values).length > 0) change.mutate({ service, countyCode: view.countyCode, values });
  };
  const table = (
    <DataTable
      labelledBy={captionId}
      caption={t.services[service]}
      columns={[t.setting, t.value, t.defaultValue, t.source]}
    >
      {view.settings.map((setting) => {
        const name = names[setting.key] ?? setting.key;
        return (
          <tr key={setting.key}>
            <th scope="row">{edits ? <label htmlFor={`${inputId}-${setting.key}`}>{name}</label> : name}</th>
            <td>
              {edits ? (
                <input
                  id={`${inputId}-${setting.key}`}
                  type="number"
                  inputMode="numeric"
                  step={1}
                  value={draft[setting.key] ?? ""}
                  onChange={(e) => setDraft({ ...draft, [setting.key]: e.target.value })}
                />
              ) : (
                setting.value
              )}
            </td>
            <td>{setting.default}</td>
            <td>
              <span className="local-setting">{t.local}</span>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
  return (
    <>
      <p>
        {view.updatedAt && view.updatedBy ? (
          <>
            {t.changedBy(view.updatedBy)} <IncidentTime at={view.updatedAt} />
          </>
        ) : (
          t.neverChanged
        )}
      </p>
      {edits ? (
        <form onSubmit={submit} aria-label={t.services[service]}>
          {table}
          {change.isError && <p role="alert">{errorText(change.error, messages.work.problems)}</p>}
          {change.isSuccess && <p role="status">{t.saved}</p>}
          <button type="submit" disabled={change.isPending}>
            {change.isPending ? t.saving : t.save(t.services[service])}
          </button>
        </form>
      ) : (
        table
      )}
    </>
  );
}
