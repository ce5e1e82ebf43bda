import { IncidentKind, type PictureIncident } from "@krisstod/contracts";
import "../work.css";
import { type FormEvent, useId, useMemo, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useCloseIncident, useIncident, useOpenIncident, useUpdateIncident } from "../api/incidents.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import type { SignedInUser } from "../auth/session.ts";
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
  const blank = () => ({
    title: "",
    kind: "accident" as IncidentKind,
    occurredAt: localInputValue(new Date()),
    description: "",
    point: undefined as LatLon | undefined,
    address: "",
    affected: own ? [own] : ([] as string[]),
    extraordinary: false,
    crisisManagement: false,
    exercise: false,
  });
  const [form, setForm] = useState(blank);
  const [submitted, setSubmitted] = useState(false);
  const set = <K extends keyof ReturnType<typeof blank>>(key: K, value: ReturnType<typeof blank>[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const ids = {
    form: useId(),
    title: useId(),
    titleHint: useId(),
    kind: useId(),
    occurred: useId(),
    description: useId(),
    place: useId(),
    placeError: useId(),
    address: useId(),
    affected: useId(),
    affectedError: useId(),
    extraordinaryHint: useId(),
    exerciseHint: useId(),
  };
  const invalid = {
    title: form.title.trim().length < 3,
    place: form.point === undefined,
    affected: form.affected.length === 0,
  };

  const pick = (point: LatLon, name?: string) => {
    const within = municipalityAt(municipalities, point);
    setForm((current) => ({
      ...current,
      point,
      address: name ?? current.address,
      // The place's municipality is affected; the others chosen stay.
      affected:
        within && !current.affected.includes(within.code)
          ? [...current.affected, within.code]
          : current.affected,
    }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (invalid.title || invalid.affected || !form.point) return;
    open.mutate(
      {
        kind: form.kind,
        title: form.title.trim(),
        description: form.description.trim(),
        location: {
          lat: form.point[0],
          lon: form.point[1],
          ...(form.address.trim() ? { address: form.address.trim() } : {}),
        },
        occurredAt: new Date(form.occurredAt).toISOString(),
        affectedMunicipalities: form.affected,
        extraordinary: form.extraordinary,
        crisisManagementActivated: form.crisisManagement,
        exercise: form.exercise,
      },
      {
        onSuccess: () => {
          setForm(blank());
          setSubmitted(false);
        },
      },
    );
  };

  return (
    <form className="form form--wide" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h3 id={ids.form}>{t.openHeading}</h3>
      <label htmlFor={ids.title}>{t.title}</label>
      <input
        id={ids.title}
        value={form.title}
        maxLength={200}
        onChange={(e) => set("title", e.target.value)}
        aria-invalid={submitted && invalid.title}
        aria-describedby={submitted && invalid.title ? ids.titleHint : undefined}
      />
      {submitted && invalid.title && (
        <p id={ids.titleHint} className="field-error">
          {t.titleRequired}
        </p>
      )}
      <label htmlFor={ids.kind}>{t.kind}</label>
      <select id={ids.kind} value={form.kind} onChange={(e) => set("kind", e.target.value as IncidentKind)}>
        {IncidentKind.options.map((kind) => (
          <option key={kind} value={kind}>
            {messages.incidents.kinds[kind]}
          </option>
        ))}
      </select>
      <label htmlFor={ids.occurred}>{t.occurredAt}</label>
      <input
        id={ids.occurred}
        type="datetime-local"
        value={form.occurredAt}
        onChange={(e) => set("occurredAt", e.target.value)}
      />
      <fieldset>
        <legend>{t.placeHeading}</legend>
        <LocationPicker
          municipalities={municipalities}
          point={form.point}
          onPick={pick}
          {...(submitted && invalid.place ? { describedBy: ids.placeError } : {})}
        />
        {submitted && invalid.place && (
          <p id={ids.placeError} className="field-error">
            {t.placeRequired}
          </p>
        )}
        <label htmlFor={ids.address}>{t.address}</label>
        <input
          id={ids.address}
          value={form.address}
          maxLength={300}
          onChange={(e) => set("address", e.target.value)}
        />
      </fieldset>
      <fieldset aria-describedby={submitted && invalid.affected ? ids.affectedError : undefined}>
        <legend>{t.municipalities}</legend>
        <div className="checks">
          {municipalities.map((m) => (
            <label key={m.code} className="check">
              <input
                type="checkbox"
                checked={form.affected.includes(m.code)}
                onChange={(e) =>
                  set(
                    "affected",
                    e.target.checked ? [...form.affected, m.code] : form.affected.filter((c) => c !== m.code),
                  )
                }
              />
              {m.name}
            </label>
          ))}
        </div>
        {submitted && invalid.affected && (
          <p id={ids.affectedError} className="field-error">
            {t.municipalitiesRequired}
          </p>
        )}
      </fieldset>
      <Flags
        extraordinary={form.extraordinary}
        crisisManagement={form.crisisManagement}
        onExtraordinary={(v) => set("extraordinary", v)}
        onCrisisManagement={(v) => set("crisisManagement", v)}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={form.exercise}
          onChange={(e) => set("exercise", e.target.checked)}
          aria-describedby={ids.exerciseHint}
        />
        {t.exercise}
      </label>
      <p id={ids.exerciseHint} className="hint">
        {t.exerciseHint}
      </p>
      <label htmlFor={ids.description}>{t.description}</label>
      <textarea
        id={ids.description}
        rows={3}
        maxLength={5000}
        value={form.description}
        onChange={(e) => set("description", e.target.value)}
      />
      <button type="submit" disabled={open.isPending}>
        {open.isPending ? t.opening : t.open}
      </button>
      {open.isSuccess && <p role="status">{t.opened(open.data.title)}</p>}
      {open.isError && <p role="alert">{errorText(open.error, messages.work.problems)}</p>}
    </form>
  );
}

function Flags({
  extraordinary,
  crisisManagement,
  onExtraordinary,
  onCrisisManagement,
}: {
  extraordinary: boolean;
  crisisManagement: boolean;
  onExtraordinary: (value: boolean) => void;
  onCrisisManagement: (value: boolean) => void;
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
      <label className="check">
        <input
          type="checkbox"
          checked={crisisManagement}
          onChange={(e) => onCrisisManagement(e.target.checked)}
        />
        {t.crisisManagement}
      </label>
    </>
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
  const [title, setTitle] = useState(incident.title);
  const [kind, setKind] = useState<IncidentKind>(incident.kind);
  const [extraordinary, setExtraordinary] = useState(incident.extraordinary);
  const [crisisManagement, setCrisisManagement] = useState<boolean>();
  const ids = { form: useId(), title: useId(), kind: useId() };
  const crisis = crisisManagement ?? full.data?.crisisManagementActivated ?? false;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim().length < 3) return;
    update.mutate(
      {
        id: incident.id,
        body: { title: title.trim(), kind, extraordinary, crisisManagementActivated: crisis },
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h5 id={ids.form}>{t.editHeading(incident.title)}</h5>
      <label htmlFor={ids.title}>{t.title}</label>
      <input
        id={ids.title}
        value={title}
        maxLength={200}
        onChange={(e) => setTitle(e.target.value)}
        aria-invalid={title.trim().length < 3}
      />
      <label htmlFor={ids.kind}>{t.kind}</label>
      <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as IncidentKind)}>
        {IncidentKind.options.map((k) => (
          <option key={k} value={k}>
            {messages.incidents.kinds[k]}
          </option>
        ))}
      </select>
      <Flags
        extraordinary={extraordinary}
        crisisManagement={crisis}
        onExtraordinary={setExtraordinary}
        onCrisisManagement={setCrisisManagement}
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
    </form>
  );
}
