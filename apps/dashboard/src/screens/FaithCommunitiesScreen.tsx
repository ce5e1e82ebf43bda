import type { FaithCommunity } from "@krisstod/contracts";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { errorText } from "../api/errors.ts";
import {
  useCreateFaithCommunity,
  useDeleteFaithCommunity,
  useFaithCommunities,
  useUpdateFaithCommunity,
} from "../api/reporting.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole } from "../auth/session.ts";
import { useMunicipalities } from "../geo/useMunicipalities.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { TableScroll } from "../layout/TableScroll.tsx";

/**
 * Länsstyrelsen's contact list of faith communities (trossamfund), kept by the county board and
 * read by POSOM and PKL leads, filtered by the municipality they serve.
 */
export default function FaithCommunitiesScreen({ countyCode }: { countyCode: string }) {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.faith;
  const e = messages.faithEdit;
  const list = useFaithCommunities(countyCode);
  const { shown, nameByCode } = useMunicipalities(countyCode);
  const [municipality, setMunicipality] = useState("");
  const [editing, setEditing] = useState<FaithCommunity>();
  const [removing, setRemoving] = useState<FaithCommunity>();
  const [done, setDone] = useState<string>();
  const doneRef = useRef<HTMLParagraphElement>(null);
  const ids = { filter: useId(), table: useId() };
  const keeps =
    user.organisationId === `lansstyrelsen-${countyCode}` && hasRole(user, "county-observer", "org-admin");
  const rows = (list.data ?? []).filter(
    (c) => municipality === "" || c.municipalities.length === 0 || c.municipalities.includes(municipality),
  );
  const finished = (message: string) => {
    setDone(message);
    // The row (or the form) that had focus may be gone: the message takes it.
    requestAnimationFrame(() => doneRef.current?.focus());
  };
  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      <p>
        <label htmlFor={ids.filter}>{t.filter}</label>{" "}
        <select id={ids.filter} value={municipality} onChange={(ev) => setMunicipality(ev.target.value)}>
          <option value="">{t.all}</option>
          {(shown ?? []).map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </select>
      </p>
      {list.isError && <p role="alert">{errorText(list.error, messages.work.problems)}</p>}
      <p role="status" ref={doneRef} tabIndex={-1}>
        {done}
      </p>
      <TableScroll labelledBy={ids.table}>
        <table aria-labelledby={ids.table}>
          <caption id={ids.table}>{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.denomination}</th>
              <th scope="col">{t.serves}</th>
              <th scope="col">{t.contact}</th>
              <th scope="col">{messages.centres.phone}</th>
              <th scope="col">{t.languages}</th>
              {keeps && <th scope="col">{e.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                <td>{c.denomination}</td>
                <td>{c.municipalities.map((m) => nameByCode.get(m) ?? m).join(", ") || t.all}</td>
                <td>
                  {c.contactPerson}
                  {c.contactRole && <span className="muted"> · {c.contactRole}</span>}
                </td>
                <td>
                  <a href={`tel:${c.phone}`}>{c.phone}</a>
                </td>
                <td>{c.languages.join(", ")}</td>
                {keeps && (
                  <td>
                    <span className="row-actions">
                      <button
                        type="button"
                        className="inline secondary"
                        aria-label={e.edit(c.name)}
                        onClick={() => {
                          setDone(undefined);
                          setEditing(c);
                        }}
                      >
                        {e.editText}
                      </button>
                      <button
                        type="button"
                        className="inline danger"
                        aria-label={e.remove(c.name)}
                        onClick={() => {
                          setDone(undefined);
                          setRemoving(c);
                        }}
                      >
                        {e.removeText}
                      </button>
                    </span>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {keeps && editing && (
        <CommunityForm
          key={editing.id}
          countyCode={countyCode}
          editing={editing}
          onDone={(message) => {
            setEditing(undefined);
            if (message) finished(message);
          }}
        />
      )}
      {keeps && removing && (
        <ConfirmRemove
          countyCode={countyCode}
          community={removing}
          onDone={(message) => {
            setRemoving(undefined);
            if (message) finished(message);
          }}
        />
      )}
      {keeps && <CommunityForm countyCode={countyCode} />}
    </main>
  );
}

/**
 * "Are you sure?" before a contact leaves the county's list: a modal dialog (focus stays in it,
 * Escape cancels), with Cancel focused first so that Enter does no harm.
 */
function ConfirmRemove({
  countyCode,
  community,
  onDone,
}: {
  countyCode: string;
  community: FaithCommunity;
  onDone: (message?: string) => void;
}) {
  const { messages } = useI18n();
  const e = messages.faithEdit;
  const remove = useDeleteFaithCommunity(countyCode);
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = { heading: useId(), text: useId() };
  // Opened once mounted; unmounting removes it (and its modality) with the element. No close()
  // in a cleanup: its close event would end the confirmation as if it had been cancelled.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby={ids.heading}
      aria-describedby={ids.text}
      onClose={() => onDone()}
    >
      <h3 id={ids.heading}>{e.confirmHeading}</h3>
      <p id={ids.text}>{e.confirmText(community.name)}</p>
      <div className="form__buttons">
        <button
          type="button"
          className="inline danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(community.id, { onSuccess: () => onDone(e.removed(community.name)) })}
        >
          {e.confirmRemove}
        </button>
        {/* biome-ignore lint/a11y/noAutofocus: the safe choice takes focus when the dialog opens */}
        <button type="button" className="inline secondary" autoFocus onClick={() => onDone()}>
          {e.cancel}
        </button>
      </div>
      {remove.isError && (
        <p role="alert">{messages.centres.failed(errorText(remove.error, messages.work.problems))}</p>
      )}
    </dialog>
  );
}

/** Adds a contact, or (with `editing`) changes one; the same fields and checks either way. */
function CommunityForm({
  countyCode,
  editing,
  onDone,
}: {
  countyCode: string;
  editing?: FaithCommunity;
  onDone?: (message?: string) => void;
}) {
  const { messages } = useI18n();
  const t = messages.faith;
  const e = messages.faithEdit;
  const create = useCreateFaithCommunity(countyCode);
  const update = useUpdateFaithCommunity(countyCode);
  const mutation = editing ? update : create;
  const { shown } = useMunicipalities(countyCode);
  const empty = { name: "", denomination: "", contactPerson: "", phone: "", languages: "" };
  const [fields, setFields] = useState(
    editing
      ? {
          name: editing.name,
          denomination: editing.denomination,
          contactPerson: editing.contactPerson,
          phone: editing.phone,
          languages: editing.languages.join(", "),
        }
      : empty,
  );
  const [municipalities, setMunicipalities] = useState<string[]>(editing?.municipalities ?? []);
  const [submitted, setSubmitted] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const ids = {
    form: useId(),
    name: useId(),
    denomination: useId(),
    contact: useId(),
    phone: useId(),
    languages: useId(),
    tooShort: useId(),
  };
  useEffect(() => {
    if (!editing) return;
    nameRef.current?.focus();
    nameRef.current?.scrollIntoView({ block: "center" });
  }, [editing]);
  const invalid = {
    name: fields.name.trim().length < 2,
    denomination: fields.denomination.trim().length < 2,
    contactPerson: fields.contactPerson.trim().length < 2,
    phone: fields.phone.trim().length < 3,
  };
  const set = (key: keyof typeof fields) => (ev: { target: { value: string } }) =>
    setFields({ ...fields, [key]: ev.target.value });
  const described = (bad: boolean) => (submitted && bad ? ids.tooShort : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(invalid).some(Boolean)) return;
    const body = {
      name: fields.name.trim(),
      denomination: fields.denomination.trim(),
      contactPerson: fields.contactPerson.trim(),
      phone: fields.phone.trim(),
      municipalities,
      languages: fields.languages
        .split(/[,\s]+/)
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
    };
    if (editing) {
      update.mutate({ id: editing.id, body }, { onSuccess: () => onDone?.(e.saved) });
      return;
    }
    create.mutate(body, {
      onSuccess: () => {
        setFields(empty);
        setMunicipalities([]);
        setSubmitted(false);
      },
    });
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h3 id={ids.form}>{editing ? e.editHeading(editing.name) : t.addHeading}</h3>
      <label htmlFor={ids.name}>{t.name}</label>
      <input
        id={ids.name}
        ref={nameRef}
        value={fields.name}
        onChange={set("name")}
        aria-invalid={submitted && invalid.name}
        aria-describedby={described(invalid.name)}
      />
      <label htmlFor={ids.denomination}>{t.denomination}</label>
      <input
        id={ids.denomination}
        value={fields.denomination}
        onChange={set("denomination")}
        aria-invalid={submitted && invalid.denomination}
        aria-describedby={described(invalid.denomination)}
      />
      <label htmlFor={ids.contact}>{t.contact}</label>
      <input
        id={ids.contact}
        value={fields.contactPerson}
        onChange={set("contactPerson")}
        aria-invalid={submitted && invalid.contactPerson}
        aria-describedby={described(invalid.contactPerson)}
      />
      <label htmlFor={ids.phone}>{messages.centres.phone}</label>
      <input
        id={ids.phone}
        type="tel"
        value={fields.phone}
        onChange={set("phone")}
        aria-invalid={submitted && invalid.phone}
        aria-describedby={described(invalid.phone)}
      />
      {submitted && Object.values(invalid).some(Boolean) && (
        <p id={ids.tooShort} className="field-error">
          {e.tooShort}
        </p>
      )}
      <fieldset className="checks">
        <legend>{t.serves}</legend>
        {(shown ?? []).map((m) => (
          <label key={m.code}>
            <input
              type="checkbox"
              checked={municipalities.includes(m.code)}
              onChange={(ev) =>
                setMunicipalities((prev) =>
                  ev.target.checked ? [...prev, m.code] : prev.filter((x) => x !== m.code),
                )
              }
            />{" "}
            {m.name}
          </label>
        ))}
      </fieldset>
      <label htmlFor={ids.languages}>{t.languagesInput}</label>
      <input id={ids.languages} value={fields.languages} onChange={set("languages")} />
      <div className="form__buttons">
        <button type="submit" disabled={mutation.isPending}>
          {editing ? e.save : t.add}
        </button>
        {editing && (
          <button type="button" className="secondary" onClick={() => onDone?.()}>
            {e.cancel}
          </button>
        )}
      </div>
      {!editing && create.isSuccess && <p role="status">{t.added}</p>}
      {mutation.isError && (
        <p role="alert">{messages.centres.failed(errorText(mutation.error, messages.work.problems))}</p>
      )}
    </form>
  );
}
