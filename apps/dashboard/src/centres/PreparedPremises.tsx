import {
  type CentreTemplate,
  CreateCentreBody,
  CreateCentreTemplateBody,
  type Location,
  type PictureIncident,
} from "@krisstod/contracts";
import { useId, useState } from "react";
import { FormProvider } from "react-hook-form";
import { z } from "zod";
import { errorText } from "../api/errors.ts";
import {
  useCentreTemplates,
  useChangeCentreStatus,
  useCreateCentre,
  useCreateCentreTemplate,
  useUpdateCentreTemplate,
} from "../api/supportCentres.ts";
import type { SignedInUser } from "../auth/session.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { NumberField, SelectField, TextAreaField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { DataTable } from "../layout/DataTable.tsx";
import { CentrePlaceFieldset } from "./CentrePlaceFieldset.tsx";

/** What a press on "open here" takes from the lead: the incident, by the centre body's own rule. */
const OpenAtBody = z.object({ incidentId: CreateCentreBody.shape.incidentId });

/**
 * Laholm 3.2: "Ansvara för att lämpliga lokaler och utrustning finns att tillgå." The lead keeps the
 * organisation's prepared premises — the place, how many it takes, the equipment kept there — and,
 * when something happens, opens a support centre in one of them with one press.
 */
export function PreparedPremises({ user, incidents }: { user: SignedInUser; incidents: PictureIncident[] }) {
  const { messages } = useI18n();
  const t = messages.centres;
  const p = messages.premises;
  const templates = useCentreTemplates(user.organisationId);
  const create = useCreateCentre(user.countyCode);
  const change = useChangeCentreStatus(user.countyCode);
  const [editing, setEditing] = useState<CentreTemplate | "new">();
  // The incident is the one field of the press; the prepared place gives the rest of the body.
  const form = useContractForm({
    schema: OpenAtBody,
    // Until chosen, and when the chosen one has ended, the first ongoing incident (as the select shows).
    toBody: (values: { incidentId?: string }) => ({
      incidentId: (incidents.find((i) => i.id === values.incidentId) ?? incidents[0])?.id ?? "",
    }),
    // None: the select's first incident, as it shows, once it is there.
    defaultValues: {},
  });
  const [opened, setOpened] = useState<string>();
  const ids = { heading: useId(), caption: useId() };
  const isRegion = user.organisationId.startsWith("region-");

  // One step: the centre is created at the prepared place and opened.
  const openAt = async (template: CentreTemplate, { incidentId }: { incidentId: string }) => {
    setOpened(undefined);
    const centre = await create.mutateAsync({
      incidentId,
      operator: isRegion ? "pkl" : "posom",
      ...(isRegion
        ? { pklOrganisationId: user.organisationId }
        : { posomOrganisationId: user.organisationId }),
      name: template.name,
      location: template.location,
      functions: template.functions,
      capacity: template.capacity,
    });
    await change.mutateAsync({ id: centre.id, to: "open" });
    setOpened(template.name);
  };
  const press = (template: CentreTemplate) =>
    form.handleSubmit((body) => openAt(template, body).catch(form.showRefusal))();

  return (
    <section aria-labelledby={ids.heading} className="panel">
      <h3 id={ids.heading}>{p.heading}</h3>
      <p>{p.intro}</p>
      {templates.isError && <p role="alert">{errorText(templates.error, messages.work.problems)}</p>}
      <FormProvider {...form}>
        {incidents.length > 0 && (templates.data ?? []).length > 0 && (
          <div className="premises-incident">
            <SelectField
              name="incidentId"
              label={p.forIncident}
              choices={incidents.map((i) => ({ value: i.id, label: i.title }))}
            />
          </div>
        )}
      </FormProvider>
      {templates.isSuccess && templates.data.length === 0 && <p>{p.none}</p>}
      {(templates.data ?? []).length > 0 && (
        <DataTable
          labelledBy={ids.caption}
          caption={p.caption}
          columns={[p.name, p.place, t.capacity, p.equipment, { hidden: p.actions }]}
        >
          {(templates.data ?? []).map((template) => (
            <tr key={template.id}>
              <th scope="row">{template.name}</th>
              <td>{template.location.address ?? `${template.location.lat}, ${template.location.lon}`}</td>
              <td>{template.capacity}</td>
              <td>{(template.equipment ?? []).join(", ") || "–"}</td>
              <td>
                <button type="button" className="inline secondary" onClick={() => setEditing(template)}>
                  {p.edit(template.name)}
                </button>{" "}
                {incidents.length > 0 && (
                  <button
                    type="button"
                    className="inline"
                    disabled={create.isPending || change.isPending}
                    onClick={() => void press(template)}
                  >
                    {p.openHere(template.name)}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {opened && <p role="status">{p.opened(opened)}</p>}
      {(create.isError || change.isError) && (
        <p role="alert">{t.failed(errorText(create.error ?? change.error, messages.work.problems))}</p>
      )}
      {editing === undefined ? (
        <button type="button" onClick={() => setEditing("new")}>
          {p.add}
        </button>
      ) : (
        <PremisesForm
          key={editing === "new" ? "new" : editing.id}
          user={user}
          template={editing === "new" ? undefined : editing}
          done={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

const defaultFunctions = [
  "information-referral",
  "crisis-support-follow-up",
  "coordination-referral",
] as const;

interface PremisesValues {
  name: string;
  location: Location | undefined;
  capacity: number;
  /** One item a line. */
  equipment: string;
}

/** Adds prepared premises, or changes one: name, place on the map, capacity, equipment (one a line). */
function PremisesForm({
  user,
  template,
  done,
}: {
  user: SignedInUser;
  template: CentreTemplate | undefined;
  done: () => void;
}) {
  const { messages } = useI18n();
  const t = messages.centres;
  const p = messages.premises;
  const createTemplate = useCreateCentreTemplate(user.organisationId);
  const updateTemplate = useUpdateCentreTemplate(user.organisationId);
  const save = template ? updateTemplate : createTemplate;
  // Checked against the rules of new premises; a change sends the same fields but the functions.
  const form = useContractForm({
    schema: CreateCentreTemplateBody,
    toBody: (values: PremisesValues): CreateCentreTemplateBody => ({
      name: values.name,
      // A place not chosen yet goes to the contract as missing, which names the field.
      location: values.location as Location,
      capacity: values.capacity,
      equipment: values.equipment
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.length > 0),
      functions: template?.functions ?? [...defaultFunctions],
    }),
    defaultValues: {
      name: template?.name ?? "",
      location: template?.location,
      capacity: template?.capacity ?? 50,
      equipment: (template?.equipment ?? []).join("\n"),
    },
  });
  const submit = form.handleSubmit(({ functions, ...changes }) => {
    const options = { onSuccess: () => done(), onError: form.showRefusal };
    if (template) updateTemplate.mutate({ id: template.id, body: changes }, options);
    else createTemplate.mutate({ ...changes, functions }, options);
  });
  return (
    <FormFrame form={form} onSubmit={submit} heading={template ? p.edit(template.name) : p.add} level={4}>
      <TextField name="name" label={p.name} />
      <CentrePlaceFieldset legend={p.place} countyCode={user.countyCode} />
      <NumberField name="capacity" label={t.capacity} min={1} />
      <TextAreaField name="equipment" label={p.equipment} hint={p.equipmentHint} rows={4} />
      <button type="submit" disabled={save.isPending}>
        {p.save}
      </button>{" "}
      <button type="button" className="secondary" onClick={done}>
        {p.cancel}
      </button>
      {save.isError && <p role="alert">{errorText(save.error, messages.work.problems)}</p>}
    </FormFrame>
  );
}
