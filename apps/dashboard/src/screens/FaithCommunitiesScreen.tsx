import { countyBoardOf, type FaithCommunity, FaithCommunityBody } from "@krisstod/contracts";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { errorText } from "../api/errors.ts";
import {
  useCreateFaithCommunity,
  useDeleteFaithCommunity,
  useFaithCommunities,
  useUpdateFaithCommunity,
} from "../api/reporting.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import { hasRole } from "../auth/session.ts";
import { FaithContact, FaithInbox } from "../faith/FaithContact.tsx";
import { CheckboxGroup } from "../forms/choices.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useMunicipalities } from "../geo/useMunicipalities.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { incidentsFor } from "../incidents/incidentsFor.ts";
import { TableScroll } from "../layout/TableScroll.tsx";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";

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
    user.organisationId === countyBoardOf(countyCode) && hasRole(user, "county-observer", "org-admin");
  // Halland: "Kontakter med trossamfund kan fås via Länsstyrelsens TiB": the TiB answers here, beside the list.
  const answers = user.organisationId === countyBoardOf(countyCode) && may(user, "faith-request.answer");
  const asks = may(user, "faith-request.make");
  const picture = useRegionalPicture(countyCode);
  const incidents = useMemo(() => incidentsFor(user, picture.data), [user, picture.data]);
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
      {asks && <FaithContact incidents={incidents} picture={picture.data} />}
      {answers && <FaithInbox picture={picture.data} />}
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

interface CommunityValues {
  name: string;
  denomination: string;
  contactPerson: string;
  phone: string;
  municipalities: string[];
  /** Language codes as typed, separated by commas or spaces. */
  languages: string;
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
  const empty: CommunityValues = {
    name: "",
    denomination: "",
    contactPerson: "",
    phone: "",
    municipalities: [],
    languages: "",
  };
  const form = useContractForm({
    schema: FaithCommunityBody,
    toBody: (values: CommunityValues): FaithCommunityBody => ({
      ...values,
      languages: values.languages
        .split(/[,\s]+/)
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
    }),
    defaultValues: editing
      ? {
          name: editing.name,
          denomination: editing.denomination,
          contactPerson: editing.contactPerson,
          phone: editing.phone,
          municipalities: editing.municipalities,
          languages: editing.languages.join(", "),
        }
      : empty,
  });
  const { setFocus } = form;
  useEffect(() => {
    if (!editing) return;
    setFocus("name");
    document.activeElement?.scrollIntoView({ block: "center" });
  }, [editing, setFocus]);
  const submit = form.handleSubmit(
    ({ name, denomination, contactPerson, phone, municipalities, languages }) => {
      // The fields this form shows; the others (role, e-mail, notes) stay as they are.
      const body = { name, denomination, contactPerson, phone, municipalities, languages };
      if (editing) {
        update.mutate(
          { id: editing.id, body },
          { onSuccess: () => onDone?.(e.saved), onError: form.showRefusal },
        );
        return;
      }
      create.mutate(body, { onSuccess: () => form.reset(empty), onError: form.showRefusal });
    },
  );
  return (
    <FormFrame form={form} onSubmit={submit} heading={editing ? e.editHeading(editing.name) : t.addHeading}>
      <TextField name="name" label={t.name} />
      <TextField name="denomination" label={t.denomination} />
      <TextField name="contactPerson" label={t.contact} />
      <TextField name="phone" label={messages.centres.phone} type="tel" />
      <CheckboxGroup
        name="municipalities"
        legend={t.serves}
        options={(shown ?? []).map((m) => ({ value: m.code, label: m.name }))}
        className="checks"
      />
      <TextField name="languages" label={t.languagesInput} invalidText={messages.forms.invalid} />
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
    </FormFrame>
  );
}
