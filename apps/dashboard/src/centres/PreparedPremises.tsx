import type { CentreTemplate, Location, PictureIncident } from "@krisstod/contracts";
import { type FormEvent, useId, useState } from "react";
import { errorText } from "../api/errors.ts";
import {
  useCentreTemplates,
  useChangeCentreStatus,
  useCreateCentre,
  useCreateCentreTemplate,
  useUpdateCentreTemplate,
} from "../api/supportCentres.ts";
import type { SignedInUser } from "../auth/session.ts";
import type { LatLon } from "../geo/municipalities.ts";
import { nearestTown } from "../geo/places.ts";
import { useMunicipalities } from "../geo/useMunicipalities.ts";
import { useTowns } from "../geo/useTowns.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { LocationPicker } from "../incidents/LocationPicker.tsx";
import { DataTable } from "../layout/DataTable.tsx";

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
  const [incidentId, setIncidentId] = useState("");
  const incident = incidents.find((i) => i.id === incidentId) ?? incidents[0];
  const [opened, setOpened] = useState<string>();
  const ids = { heading: useId(), caption: useId(), incident: useId() };
  const isRegion = user.organisationId.startsWith("region-");

  // One step: the centre is created at the prepared place and opened.
  const openAt = async (template: CentreTemplate) => {
    if (!incident) return;
    setOpened(undefined);
    const centre = await create.mutateAsync({
      incidentId: incident.id,
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

  return (
    <section aria-labelledby={ids.heading} className="panel">
      <h3 id={ids.heading}>{p.heading}</h3>
      <p>{p.intro}</p>
      {templates.isError && <p role="alert">{errorText(templates.error, messages.work.problems)}</p>}
      {incidents.length > 0 && (templates.data ?? []).length > 0 && (
        <>
          <label htmlFor={ids.incident}>{p.forIncident}</label>
          <select id={ids.incident} value={incident?.id} onChange={(e) => setIncidentId(e.target.value)}>
            {incidents.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title}
              </option>
            ))}
          </select>
        </>
      )}
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
                {incident && (
                  <button
                    type="button"
                    className="inline"
                    disabled={create.isPending || change.isPending}
                    onClick={() => void openAt(template).catch(() => {})}
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
const round = (value: number) => Math.round(value * 1e5) / 1e5;

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
  const [name, setName] = useState(template?.name ?? "");
  const [location, setLocation] = useState<Location | undefined>(template?.location);
  const [capacity, setCapacity] = useState(String(template?.capacity ?? 50));
  const [equipment, setEquipment] = useState((template?.equipment ?? []).join("\n"));
  const municipalities = useMunicipalities(user.countyCode).shown;
  const towns = useTowns().all;
  const ids = { form: useId(), name: useId(), loc: useId(), cap: useId(), equipment: useId(), hint: useId() };
  const pick = ([lat, lon]: LatLon, placeName?: string) => {
    const town = placeName ? undefined : nearestTown(towns ?? [], [lat, lon]);
    const address = placeName ?? (town ? messages.map.near(town.name) : undefined);
    setLocation({ lat: round(lat), lon: round(lon), ...(address ? { address } : {}) });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      name: name.trim(),
      // A place not yet chosen is sent as missing: the service names the field.
      ...(location ? { location } : {}),
      capacity: Number(capacity),
      equipment: equipment
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.length > 0),
    };
    const onSuccess = () => done();
    if (template) updateTemplate.mutate({ id: template.id, body }, { onSuccess });
    else
      createTemplate.mutate(
        { ...body, location: body.location as Location, functions: [...defaultFunctions] },
        { onSuccess },
      );
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h4 id={ids.form}>{template ? p.edit(template.name) : p.add}</h4>
      <label htmlFor={ids.name}>{p.name}</label>
      <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} />
      <fieldset>
        <legend>{p.place}</legend>
        <p id={ids.loc} className="hint">
          {t.locationHint}
        </p>
        {municipalities && (
          <LocationPicker
            municipalities={municipalities}
            point={location && [location.lat, location.lon]}
            onPick={pick}
            describedBy={ids.loc}
          />
        )}
        {location?.address && <p>{t.chosenAddress(location.address)}</p>}
      </fieldset>
      <label htmlFor={ids.cap}>{t.capacity}</label>
      <input
        id={ids.cap}
        type="number"
        min={1}
        value={capacity}
        onChange={(e) => setCapacity(e.target.value)}
      />
      <label htmlFor={ids.equipment}>{p.equipment}</label>
      <textarea
        id={ids.equipment}
        rows={4}
        value={equipment}
        aria-describedby={ids.hint}
        onChange={(e) => setEquipment(e.target.value)}
      />
      <p id={ids.hint} className="hint">
        {p.equipmentHint}
      </p>
      <button type="submit" disabled={save.isPending}>
        {p.save}
      </button>{" "}
      <button type="button" className="secondary" onClick={done}>
        {p.cancel}
      </button>
      {save.isError && <p role="alert">{errorText(save.error, messages.work.problems)}</p>}
    </form>
  );
}
