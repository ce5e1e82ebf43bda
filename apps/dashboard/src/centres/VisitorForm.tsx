import type { Centre, VisitorRelation, VisitorSummary } from "@krisstod/contracts";
import { type FormEvent, useId, useRef, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useRegisterVisitor } from "../api/supportCentres.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { useLanguageName } from "./LanguageHelpPanel.tsx";

const PERSONNUMMER = /^(\d{2})?\d{6}[-+]?\d{4}$/;

/** The Luhn check digit over YYMMDDNNN, as Skatteverket defines it; the service checks it too. */
export function personnummerChecks(value: string): boolean {
  const digits = value.replace(/[-+]/g, "").slice(-10);
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10 === Number(digits[9]);
}
const relations: VisitorRelation[] = ["affected", "relative", "witness", "other"];
/** Languages often needed at Swedish centres (BCP 47); anything else is noted by staff. */
const languages = [
  "ar",
  "so",
  "fa",
  "prs",
  "ti",
  "ku",
  "bs",
  "pl",
  "fi",
  "en",
  "de",
  "tr",
  "uk",
  "ru",
  "es",
  "fr",
  "th",
];

/**
 * Registers an arrival at a centre: fast by keyboard (Tab through, Enter registers, focus goes
 * back to the name for the next person), checked inline before anything is sent. The form is
 * emptied after each registration; nothing of it is kept in the browser.
 */
export function VisitorForm({
  centre,
  countyCode,
  onRegistered,
}: {
  centre: Centre;
  countyCode: string;
  /** A registered (not anonymous) visitor, with the language recorded for them if any. */
  onRegistered?: (visitor: VisitorSummary, language: string | undefined) => void;
}) {
  const { messages } = useI18n();
  const t = messages.centres;
  const register = useRegisterVisitor(countyCode, centre.id);
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [personnummer, setPersonnummer] = useState("");
  const [dateOfBirth, setDateOfBirth] = useState("");
  const [relation, setRelation] = useState<VisitorRelation>("affected");
  const [phone, setPhone] = useState("");
  const [language, setLanguage] = useState("");
  const languageName = useLanguageName();
  const [submitted, setSubmitted] = useState(false);
  const [done, setDone] = useState<string>();
  const ids = {
    heading: useId(),
    name: useId(),
    nameError: useId(),
    pnr: useId(),
    pnrHint: useId(),
    pnrError: useId(),
    dob: useId(),
    relation: useId(),
    phone: useId(),
    language: useId(),
  };

  const nameError = name.trim() === "" ? t.nameRequired : undefined;
  const pnrError =
    personnummer !== "" && !PERSONNUMMER.test(personnummer.trim())
      ? t.personnummerShape
      : personnummer !== "" && !personnummerChecks(personnummer.trim())
        ? t.personnummerInvalid
        : personnummer === "" && dateOfBirth === ""
          ? t.identityRequired
          : undefined;
  const showName = submitted && nameError;
  // Checked as soon as it could be complete, not at the first keystroke.
  const showPnr = (submitted || personnummer.replace(/\D/g, "").length >= 10) && pnrError;

  const reset = (message: string) => {
    setName("");
    setPersonnummer("");
    setDateOfBirth("");
    setPhone("");
    setLanguage("");
    setRelation("affected");
    setSubmitted(false);
    setDone(message);
    nameRef.current?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setDone(undefined);
    if (nameError || pnrError) {
      nameError ? nameRef.current?.focus() : document.getElementById(ids.pnr)?.focus();
      return;
    }
    register.mutate(
      {
        registration: {
          name: name.trim(),
          relation,
          ...(personnummer ? { personnummer: personnummer.trim() } : {}),
          ...(dateOfBirth ? { dateOfBirth } : {}),
          ...(phone ? { phone: phone.trim() } : {}),
          ...(language ? { language } : {}),
        },
      },
      {
        onSuccess: (visitor) => {
          onRegistered?.(visitor, language || undefined);
          reset(t.registered);
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.heading} noValidate>
      <h4 id={ids.heading}>{t.registerHeading(centre.name)}</h4>
      <label htmlFor={ids.name}>{t.visitorName}</label>
      <input
        id={ids.name}
        ref={nameRef}
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoComplete="off"
        aria-invalid={Boolean(showName)}
        aria-describedby={showName ? ids.nameError : undefined}
      />
      {showName && (
        <p id={ids.nameError} className="field-error">
          {nameError}
        </p>
      )}
      <label htmlFor={ids.pnr}>{t.personnummer}</label>
      <input
        id={ids.pnr}
        value={personnummer}
        onChange={(e) => setPersonnummer(e.target.value)}
        inputMode="numeric"
        autoComplete="off"
        aria-invalid={Boolean(showPnr)}
        aria-describedby={showPnr ? ids.pnrError : ids.pnrHint}
      />
      {showPnr ? (
        <p id={ids.pnrError} className="field-error">
          {pnrError}
        </p>
      ) : (
        <p id={ids.pnrHint} className="hint">
          {t.personnummerHint}
        </p>
      )}
      <label htmlFor={ids.dob}>{t.dateOfBirth}</label>
      <input id={ids.dob} type="date" value={dateOfBirth} onChange={(e) => setDateOfBirth(e.target.value)} />
      <label htmlFor={ids.relation}>{t.relation}</label>
      <select
        id={ids.relation}
        value={relation}
        onChange={(e) => setRelation(e.target.value as VisitorRelation)}
      >
        {relations.map((r) => (
          <option key={r} value={r}>
            {t.relations[r]}
          </option>
        ))}
      </select>
      <label htmlFor={ids.language}>{messages.staffing.language}</label>
      <select id={ids.language} value={language} onChange={(e) => setLanguage(e.target.value)}>
        <option value="">{messages.staffing.noLanguageNeed}</option>
        {languages.map((code) => (
          <option key={code} value={code}>
            {languageName(code)}
          </option>
        ))}
      </select>
      <label htmlFor={ids.phone}>{t.phone}</label>
      <input
        id={ids.phone}
        type="tel"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        autoComplete="off"
      />
      <div className="form__buttons">
        <button type="submit" disabled={register.isPending}>
          {t.register}
        </button>
        {centre.operator !== "pkl" && (
          <button
            type="button"
            className="secondary"
            disabled={register.isPending}
            onClick={() => register.mutate({}, { onSuccess: () => reset(t.anonymousRegistered) })}
          >
            {t.anonymous}
          </button>
        )}
      </div>
      {done && <p role="status">{done}</p>}
      {register.isError && <p role="alert">{t.failed(errorText(register.error, messages.work.problems))}</p>}
    </form>
  );
}
