import {
  CreateIncidentBody,
  IncidentKind,
  type Location,
  type PictureIncident,
  UpdateIncidentBody,
} from "@krisstod/contracts";
import "../work.css";
import { useEffect, useId, useMemo, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useCloseIncident, useIncident, useOpenIncident, useUpdateIncident } from "../api/incidents.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import type { SignedInUser } from "../auth/session.ts";
import { CheckboxGroup } from "../forms/choices.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { FieldMessage, SelectField, TextAreaField, TextField, useFieldMessage } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import type { LatLon, Municipality } from "../geo/municipalities.ts";
import { municipalityAt } from "../geo/places.ts";
import { useMunicipalities } from "../geo/useMunicipalities.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { LocationPicker } from "../incidents/LocationPicker.tsx";
import { localInputValue } from "../layout/IncidentPicker.tsx";
import { activeIncidents } from "../picture/pictureCache.ts";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";

/**
 * The incidents of the user's organisation: open one (what, when, where — searched or clicked on
 * the map — which municipalities, extraordinary or not, exercise or not), change one as more is
 * learnt, close one. Each form and button only for the roles that may use it.
 */
export default function IncidentsScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.work.incidents;
  const picture = useRegionalPicture(user.countyCode);
  const { shown: municipalities } = useMunicipalities(user.countyCode);
  const ours = useMemo(
    () => activeIncidents(picture.data).filter((i) => i.organisationId === user.organisationId),
    [picture.data, user.organisationId],
  );
  const listId = useId();
  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      {may(user, "incident.open") && municipalities && (
        <OpenIncidentForm user={user} municipalities={municipalities} />
      )}
      <section aria-labelledby={listId} className="boards">
        <h3 id={listId}>{t.oursHeading}</h3>
        {picture.isSuccess && ours.length === 0 && <p>{t.none}</p>}
        {ours.map((incident) => (
          <IncidentPanel key={incident.id} incident={incident} user={user} />
        ))}
      </section>
    </main>
  );
}

/** The municipality a user's organisation is (kommun-1381 → 1381), if it is one. */
const ownMunicipality = (user: SignedInUser) =>
  user.organisationId.startsWith("kommun-") ? user.organisationId.slice(7) : undefined;

interface IncidentValues {
  title: string;
  kind: IncidentKind;
  /** datetime-local, local time. */
  occurredAt: string;
  description: string;
  point: LatLon | undefined;
  address: string;
  affectedMunicipalities: string[];
  extraordinary: boolean;
  crisisManagementActivated: boolean;
  policeOperation: boolean;
  exercise: boolean;
}

function OpenIncidentForm({
  user,
  municipalities,
}: {
  user: SignedInUser;
  municipalities: readonly Municipality[];
}) {
  const { messages } = useI18n();
  const t = messages.work.incidents;
  const open = useOpenIncident();
  const own = ownMunicipality(user);
  const blank = (): IncidentValues => ({
    title: "",
    kind: "accident",
    occurredAt: localInputValue(new Date()),
    description: "",
    point: undefined,
    address: "",
    affectedMunicipalities: own ? [own] : [],
    extraordinary: false,
    crisisManagementActivated: false,
    policeOperation: false,
    exercise: false,
  });
  /**
   * Laholm 1.2: POSOM supports also "vid allvarliga händelser på annan ort/land där invånare från
   * Laholms kommun är inblandade". Abroad, the place is written (country and town) and the map shows
   * the incident in the municipality where those affected live: the own one, else the first chosen.
   */
  const homeOf = (affected: readonly string[]) =>
    municipalities.find((m) => m.code === (own ?? affected[0]))?.labelPoint;
  const form = useContractForm({
    schema: CreateIncidentBody,
    toBody: ({ point, address, occurredAt, ...values }: IncidentValues): CreateIncidentBody => {
      const at = values.kind === "abroad" ? homeOf(values.affectedMunicipalities) : point;
      return {
        ...values,
        // No place yet goes to the contract as missing, which names the field.
        location: (at
          ? { lat: at[0], lon: at[1], ...(address.trim() ? { address: address.trim() } : {}) }
          : undefined) as Location,
        occurredAt: isoOf(occurredAt),
      };
    },
    // Abroad, the written place is all there is of where it happened.
    rules: ({ kind, address }) => ({
      address: kind === "abroad" && address.trim() === "" ? t.abroadPlaceRequired : undefined,
    }),
    defaultValues: blank(),
  });
  const kind = form.watch("kind");
  const abroad = kind === "abroad";
  const ids = { placeError: useId(), exerciseHint: useId() };
  const point = form.watch("point");
  const affected = form.watch("affectedMunicipalities");
  const placeError = useFieldMessage("location", t.placeRequired, form.formState.errors);
  const again = { shouldValidate: form.formState.isSubmitted };

  const pick = (picked: LatLon, name?: string) => {
    const within = municipalityAt(municipalities, picked);
    form.setValue("point", picked, again);
    if (name) form.setValue("address", name);
    // The place's municipality is affected; the others chosen stay.
    if (within && !affected.includes(within.code))
      form.setValue("affectedMunicipalities", [...affected, within.code], again);
  };
  const submit = form.handleSubmit((body) =>
    open.mutate(body, { onSuccess: () => form.reset(blank()), onError: form.showRefusal }),
  );

  return (
    <FormFrame form={form} onSubmit={submit} heading={t.openHeading} className="form form--wide">
      <TextField name="title" label={t.title} maxLength={200} invalidText={t.titleRequired} />
      <SelectField
        name="kind"
        label={t.kind}
        choices={IncidentKind.options.map((kind) => ({
          value: kind,
          label: messages.incidents.kinds[kind],
        }))}
        {...(kind === "violence" ? { hint: t.violencePlanHint } : {})}
      />
      <TextField name="occurredAt" label={t.occurredAt} type="datetime-local" />
      <fieldset>
        <legend>{t.placeHeading}</legend>
        {abroad ? (
          <p className="hint">{t.abroadHint}</p>
        ) : (
          <LocationPicker
            municipalities={municipalities}
            point={point}
            onPick={pick}
            {...(placeError ? { describedBy: ids.placeError } : {})}
          />
        )}
        <FieldMessage id={ids.placeError} text={placeError} />
        <TextField name="address" label={abroad ? t.abroadPlace : t.address} maxLength={300} />
      </fieldset>
      <CheckboxGroup
        name="affectedMunicipalities"
        legend={t.municipalities}
        options={municipalities.map((m) => ({ value: m.code, label: m.name }))}
        invalidText={t.municipalitiesRequired}
        itemsClassName="checks"
        labelClassName="check"
      />
      <Flags
        extraordinary={form.watch("extraordinary")}
        crisisManagement={form.watch("crisisManagementActivated")}
        policeOperation={form.watch("policeOperation")}
        onExtraordinary={(v) => form.setValue("extraordinary", v)}
        onCrisisManagement={(v) => form.setValue("crisisManagementActivated", v)}
        onPoliceOperation={(v) => form.setValue("policeOperation", v)}
      />
      <label className="check">
        <input type="checkbox" {...form.register("exercise")} aria-describedby={ids.exerciseHint} />
        {t.exercise}
      </label>
      <p id={ids.exerciseHint} className="hint">
        {t.exerciseHint}
      </p>
      <TextAreaField name="description" label={t.description} rows={3} maxLength={5000} />
      <button type="submit" disabled={open.isPending}>
        {open.isPending ? t.opening : t.open}
      </button>
      {open.isSuccess && <p role="status">{t.opened(open.data.title)}</p>}
      {open.isError && <p role="alert">{errorText(open.error, messages.work.problems)}</p>}
    </FormFrame>
  );
}

/** A datetime-local value as ISO; what is not a time goes as typed, for the contract to name. */
const isoOf = (local: string) => {
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
};

function Flags({
  extraordinary,
  crisisManagement,
  policeOperation,
  onExtraordinary,
  onCrisisManagement,
  onPoliceOperation,
}: {
  extraordinary: boolean;
  crisisManagement: boolean;
  policeOperation: boolean;
  onExtraordinary: (value: boolean) => void;
  onCrisisManagement: (value: boolean) => void;
  onPoliceOperation: (value: boolean) => void;
}) {
  const { messages } = useI18n();
  const t = messages.work.incidents;
  const hint = useId();
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={extraordinary}
          onChange={(e) => onExtraordinary(e.target.checked)}
          aria-describedby={hint}
        />
        {t.extraordinary}
      </label>
      <p id={hint} className="hint">
        {t.extraordinaryHint}
      </p>
      <Check checked={crisisManagement} onChange={onCrisisManagement} label={t.crisisManagement} />
      <Check checked={policeOperation} onChange={onPoliceOperation} label={t.policeOperation} />
    </>
  );
}

/** One of the incident's yes-or-no facts, as a labelled check box. */
function Check({
  checked,
  onChange,
  label,
}: {
  checked: boolean;
  onChange: (value: boolean) => void;
  label: string;
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/** One of the organisation's ongoing incidents: what it is, and changing or closing it. */
function IncidentPanel({ incident, user }: { incident: PictureIncident; user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.work.incidents;
  const headingId = useId();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const update = useUpdateIncident();
  const close = useCloseIncident();
  return (
    <section aria-labelledby={headingId} className="panel">
      <h4 id={headingId}>
        {incident.exercise && <span className="incident__flag">{t.exerciseFlag}</span>} {incident.title}
      </h4>
      <p className="incident__meta">
        <span className="incident__kind">{messages.incidents.kinds[incident.kind]}</span>
        {incident.extraordinary && <span className="incident__flag">{messages.incidents.extraordinary}</span>}
      </p>
      <p>
        <IncidentTime at={incident.occurredAt} />
        {incident.location.address ? ` · ${incident.location.address}` : ""}
      </p>
      {update.isSuccess && !editing && <p role="status">{t.saved(update.data.title)}</p>}
      {may(user, "incident.update") &&
        (editing ? (
          <EditIncidentForm incident={incident} onDone={() => setEditing(false)} update={update} />
        ) : (
          <button
            type="button"
            className="secondary"
            aria-label={t.edit(incident.title)}
            onClick={() => {
              update.reset();
              setEditing(true);
            }}
          >
            {t.change}
          </button>
        ))}
      {may(user, "incident.close") &&
        (confirming ? (
          <div className="confirm">
            <p>{t.confirmClose(incident.title)}</p>
            <button type="button" disabled={close.isPending} onClick={() => close.mutate(incident.id)}>
              {t.confirmCloseButton}
            </button>{" "}
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t.cancel}
            </button>
          </div>
        ) : (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            {t.close(incident.title)}
          </button>
        ))}
      {close.isError && <p role="alert">{errorText(close.error, messages.work.problems)}</p>}
    </section>
  );
}

interface EditValues {
  title: string;
  kind: IncidentKind;
  extraordinary: boolean;
  crisisManagementActivated: boolean;
  policeOperation: boolean;
}

function EditIncidentForm({
  incident,
  onDone,
  update,
}: {
  incident: PictureIncident;
  onDone: () => void;
  update: ReturnType<typeof useUpdateIncident>;
}) {
  const { messages } = useI18n();
  const t = messages.work.incidents;
  const full = useIncident(incident.id);
  const form = useContractForm({
    schema: UpdateIncidentBody,
    toBody: (values: EditValues): UpdateIncidentBody => values,
    defaultValues: {
      title: incident.title,
      kind: incident.kind,
      extraordinary: incident.extraordinary,
      crisisManagementActivated: false,
      policeOperation: false,
    },
  });
  // The picture does not say whether the krisledning is activated or police operate; the incident does.
  const crisisManagementActivated = full.data?.crisisManagementActivated;
  const policeOperation = full.data?.policeOperation;
  const { setValue, getFieldState } = form;
  useEffect(() => {
    if (crisisManagementActivated !== undefined && !getFieldState("crisisManagementActivated").isDirty)
      setValue("crisisManagementActivated", crisisManagementActivated);
    if (policeOperation !== undefined && !getFieldState("policeOperation").isDirty)
      setValue("policeOperation", policeOperation);
  }, [crisisManagementActivated, policeOperation, setValue, getFieldState]);
  const submit = form.handleSubmit((body) =>
    update.mutate({ id: incident.id, body }, { onSuccess: onDone, onError: form.showRefusal }),
  );
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.editHeading(incident.title)} level={5}>
      <TextField name="title" label={t.title} maxLength={200} invalidText={t.titleRequired} />
      <SelectField
        name="kind"
        label={t.kind}
        choices={IncidentKind.options.map((k) => ({ value: k, label: messages.incidents.kinds[k] }))}
      />
      <Flags
        extraordinary={form.watch("extraordinary")}
        crisisManagement={form.watch("crisisManagementActivated")}
        onExtraordinary={(v) => form.setValue("extraordinary", v, { shouldDirty: true })}
        policeOperation={form.watch("policeOperation")}
        onCrisisManagement={(v) => form.setValue("crisisManagementActivated", v, { shouldDirty: true })}
        onPoliceOperation={(v) => form.setValue("policeOperation", v, { shouldDirty: true })}
      />
      <p>
        <button type="submit" disabled={update.isPending || full.isPending}>
          {update.isPending ? t.saving : t.save}
        </button>{" "}
        <button type="button" className="secondary" onClick={onDone}>
          {t.cancel}
        </button>
      </p>
      {update.isError && <p role="alert">{errorText(update.error, messages.work.problems)}</p>}
    </FormFrame>
  );
}
