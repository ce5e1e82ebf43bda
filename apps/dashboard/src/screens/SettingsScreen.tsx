import {
  type CountySettingsView,
  countyBoardOf,
  ReportingCountySettings,
  RosterCountySettings,
  SupportCentresCountySettings,
} from "@krisstod/contracts";
import { useId } from "react";
import type { z } from "zod";
import {
  type SettingsService,
  settingsServices,
  useChangeCountySettings,
  useCountySettings,
} from "../api/countySettings.ts";
import { errorText } from "../api/errors.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole } from "../auth/session.ts";
import { errorAt, FieldMessage } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
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
  const edits = user.organisationId === countyBoardOf(countyCode) && hasRole(user, "org-admin");
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

/** The contract of each service's settings: what the form checks before sending. */
const settingsSchemas = {
  "support-centres": SupportCentresCountySettings,
  reporting: ReportingCountySettings,
  roster: RosterCountySettings,
} as const satisfies Record<SettingsService, z.ZodObject>;

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
  // Only what changed is sent (and checked); the service checks what spans settings (the weights' sum).
  const changed = (draft: Record<string, string>) => {
    const values: Record<string, number> = {};
    for (const setting of view.settings) {
      const text = draft[setting.key] ?? "";
      if (text !== String(setting.value))
        values[setting.key] = text.trim() === "" ? Number.NaN : Number(text);
    }
    return values;
  };
  const form = useContractForm({
    schema: settingsSchemas[service].partial(),
    defaultValues: Object.fromEntries(view.settings.map((s) => [s.key, String(s.value)])),
    toBody: changed,
  });
  const submit = form.handleSubmit(() => {
    const values = changed(form.getValues());
    if (Object.keys(values).length > 0)
      change.mutate({ service, countyCode: view.countyCode, values }, { onError: form.showRefusal });
  });
  const errors = form.formState.errors;
  const table = (
    <DataTable
      labelledBy={captionId}
      caption={t.services[service]}
      columns={[t.setting, t.value, t.defaultValue, t.source]}
    >
      {view.settings.map((setting) => {
        const name = names[setting.key] ?? setting.key;
        const id = `${inputId}-${setting.key}`;
        const error = edits ? errorAt(errors, setting.key)?.message : undefined;
        return (
          <tr key={setting.key}>
            <th scope="row">{edits ? <label htmlFor={id}>{name}</label> : name}</th>
            <td>
              {edits ? (
                <>
                  <input
                    id={id}
                    type="number"
                    inputMode="numeric"
                    step={1}
                    aria-invalid={error !== undefined}
                    aria-describedby={error ? `${id}-error` : undefined}
                    {...form.register(setting.key)}
                  />
                  <FieldMessage id={`${id}-error`} text={error} />
                </>
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
        <form onSubmit={submit} aria-label={t.services[service]} noValidate>
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
