import { type FormEvent, useId, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useCreateFaithCommunity, useFaithCommunities } from "../api/reporting.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole } from "../auth/session.ts";
import { useMunicipalities } from "../geo/useMunicipalities.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

/**
 * Länsstyrelsen's contact list of faith communities (trossamfund), kept by the county board and
 * read by POSOM and PKL leads, filtered by the municipality they serve.
 */
export default function FaithCommunitiesScreen({ countyCode }: { countyCode: string }) {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.faith;
  const list = useFaithCommunities(countyCode);
  const { shown, nameByCode } = useMunicipalities(countyCode);
  const [municipality, setMunicipality] = useState("");
  const ids = { filter: useId(), table: useId() };
  const keeps =
    user.organisationId === `lansstyrelsen-${countyCode}` && hasRole(user, "county-observer", "org-admin");
  const rows = (list.data ?? []).filter(
    (c) => municipality === "" || c.municipalities.length === 0 || c.municipalities.includes(municipality),
  );
  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      <p>
        <label htmlFor={ids.filter}>{t.filter}</label>{" "}
        <select id={ids.filter} value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
          <option value="">{t.all}</option>
          {(shown ?? []).map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </select>
      </p>
      {list.isError && <p role="alert">{errorText(list.error)}</p>}
      <div className="table-scroll">
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
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {keeps && <AddForm countyCode={countyCode} />}
    </main>
  );
}

function AddForm({ countyCode }: { countyCode: string }) {
  const { messages } = useI18n();
  const t = messages.faith;
  const create = useCreateFaithCommunity(countyCode);
  const { shown } = useMunicipalities(countyCode);
  const [fields, setFields] = useState({
    name: "",
    denomination: "",
    contactPerson: "",
    phone: "",
    languages: "",
  });
  const [municipalities, setMunicipalities] = useState<string[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const ids = {
    form: useId(),
    name: useId(),
    denomination: useId(),
    contact: useId(),
    phone: useId(),
    languages: useId(),
  };
  const invalid = {
    name: fields.name.trim().length < 2,
    denomination: fields.denomination.trim().length < 2,
    contactPerson: fields.contactPerson.trim().length < 2,
    phone: fields.phone.trim().length < 3,
  };
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields({ ...fields, [key]: e.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(invalid).some(Boolean)) return;
    create.mutate(
      {
        name: fields.name.trim(),
        denomination: fields.denomination.trim(),
        contactPerson: fields.contactPerson.trim(),
        phone: fields.phone.trim(),
        municipalities,
        languages: fields.languages
          .split(/[,\s]+/)
          .map((l) => l.trim().toLowerCase())
          .filter(Boolean),
      },
      {
        onSuccess: () => {
          setFields({ name: "", denomination: "", contactPerson: "", phone: "", languages: "" });
          setMunicipalities([]);
          setSubmitted(false);
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h3 id={ids.form}>{t.addHeading}</h3>
      <label htmlFor={ids.name}>{t.name}</label>
      <input
        id={ids.name}
        value={fields.name}
        onChange={set("name")}
        aria-invalid={submitted && invalid.name}
      />
      <label htmlFor={ids.denomination}>{t.denomination}</label>
      <input
        id={ids.denomination}
        value={fields.denomination}
        onChange={set("denomination")}
        aria-invalid={submitted && invalid.denomination}
      />
      <label htmlFor={ids.contact}>{t.contact}</label>
      <input
        id={ids.contact}
        value={fields.contactPerson}
        onChange={set("contactPerson")}
        aria-invalid={submitted && invalid.contactPerson}
      />
      <label htmlFor={ids.phone}>{messages.centres.phone}</label>
      <input
        id={ids.phone}
        type="tel"
        value={fields.phone}
        onChange={set("phone")}
        aria-invalid={submitted && invalid.phone}
      />
      <fieldset className="checks">
        <legend>{t.serves}</legend>
        {(shown ?? []).map((m) => (
          <label key={m.code}>
            <input
              type="checkbox"
              checked={municipalities.includes(m.code)}
              onChange={(e) =>
                setMunicipalities((prev) =>
                  e.target.checked ? [...prev, m.code] : prev.filter((x) => x !== m.code),
                )
              }
            />{" "}
            {m.name}
          </label>
        ))}
      </fieldset>
      <label htmlFor={ids.languages}>{t.languagesInput}</label>
      <input id={ids.languages} value={fields.languages} onChange={set("languages")} />
      <button type="submit" disabled={create.isPending}>
        {t.add}
      </button>
      {create.isSuccess && <p role="status">{t.added}</p>}
      {create.isError && <p role="alert">{messages.centres.failed(errorText(create.error))}</p>}
    </form>
  );
}
