import {
  type Centre,
  type ReceivingSide,
  VisitorRegistration,
  type VisitorRelation,
  type VisitorSummary,
} from "@krisstod/contracts";
import Personnummer from "personnummer";
import { useEffect, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useRegisterVisitor, useVisitorsPresent } from "../api/supportCentres.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { SelectField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { useLanguageName } from "./LanguageHelpPanel.tsx";

/**
 * The check digit (and date) of a personnummer or samordningsnummer, with the library the service
 * checks it with, so the form says before sending what the service would refuse.
 */
export function personnummerChecks(value: string): boolean {
  return Personnummer.valid(value, { allowCoordinationNumber: true, allowInterimNumber: false });
}
/** A child's age as the service takes it: a whole number of years under 18. */
const childAgeValid = (typed: string) => /^\d{1,2}$/.test(typed.trim()) && Number(typed) <= 17;
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

interface VisitorValues {
  name: string;
  personnummer: string;
  dateOfBirth: string;
  relation: VisitorRelation;
  language: string;
  phone: string;
  consentToFollowUp: boolean;
  /** A child's age as typed ("" for an adult). */
  childAge: string;
  /** The registered adult present who is the child's guardian ("" for none yet). */
  guardianVisitorId: string;
}

const empty: VisitorValues = {
  name: "",
  personnummer: "",
  dateOfBirth: "",
  relation: "affected",
  language: "",
  phone: "",
  consentToFollowUp: false,
  childAge: "",
  guardianVisitorId: "",
};

/**
 * Who receives a visitor here: the centre's one operator, or in a joint centre the signed-in
 * person's side (whose registration rule applies: PKL registers everyone, POSOM may count anonymously).
 */
export function receivingSideOf(centre: Centre, organisationId: string): ReceivingSide {
  if (centre.operator !== "joint") return centre.operator;
  return centre.pklOrganisationId === organisationId ? "pkl" : "posom";
}

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
  const user = useUser();
  const side = receivingSideOf(centre, user.organisationId);
  // Adults of the organisation present and registered: a child's guardian is one of them (the
  // same list, and the same audited read, as the centre's list of those present).
  const present = useVisitorsPresent(centre, may(user, "visitors.list")).data ?? [];
  const guardians = present.filter((v) => !v.child && v.registration && v.departedAt === null);
  const languageName = useLanguageName();
  const [done, setDone] = useState<string>();
  /** Who arrives, besides a registration: the receiving side in a joint centre, a child and their guardian. */
  const arrival = (v: Pick<VisitorValues, "childAge" | "guardianVisitorId">) => ({
    ...(centre.operator === "joint" ? { receivedBy: side } : {}),
    ...(v.childAge.trim() !== "" ? { child: { age: Number(v.childAge) } } : {}),
    ...(v.childAge.trim() !== "" && v.guardianVisitorId ? { guardianVisitorId: v.guardianVisitorId } : {}),
  });
  // The registration is checked against its contract field by field; the arrival around it
  // (side, child, guardian) comes from choices the form offers only as valid.
  const form = useContractForm({
    schema: VisitorRegistration,
    defaultValues: empty,
    toBody: (v: VisitorValues) => ({
      name: v.name,
      relation: v.relation,
      ...(v.personnummer.trim() ? { personnummer: v.personnummer.trim() } : {}),
      ...(v.dateOfBirth ? { dateOfBirth: v.dateOfBirth } : {}),
      ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
      ...(v.language ? { language: v.language } : {}),
      consentToFollowUp: v.consentToFollowUp,
    }),
    // The check digit is the service's rule, not the contract's: checked here first all the same.
    rules: (v) => {
      const typed = v.personnummer.trim();
      return {
        personnummer: typed && !personnummerChecks(typed) ? t.personnummerInvalid : undefined,
        childAge: v.childAge.trim() === "" || childAgeValid(v.childAge) ? undefined : t.childAgeInvalid,
      };
    },
  });

  // Checked as soon as it could be complete, not at the first keystroke (after a submit, as typed).
  const personnummer = form.watch("personnummer");
  const childAge = form.watch("childAge");
  const { isSubmitted } = form.formState;
  const { trigger, clearErrors } = form;
  useEffect(() => {
    if (isSubmitted) return;
    if (personnummer.replace(/\D/g, "").length >= 10) void trigger("personnummer");
    else clearErrors("personnummer");
  }, [personnummer, isSubmitted, trigger, clearErrors]);

  const reset = (message: string) => {
    // The fields keep their elements (a plain reset forgets them until the next render), so the
    // focus can go back to the name at once.
    form.reset(empty, { keepFieldsRef: true });
    setDone(message);
    form.setFocus("name");
  };

  const submit = form.handleSubmit((registration) => {
    const language = registration.language;
    register.mutate(
      { ...arrival(form.getValues()), registration },
      {
        onSuccess: (visitor) => {
          onRegistered?.(visitor, language);
          reset(t.registered);
        },
      },
    );
  });

  return (
    <FormFrame
      form={form}
      onSubmit={(event) => {
        setDone(undefined);
        return submit(event);
      }}
      heading={t.registerHeading(centre.name)}
      level={4}
    >
      <TextField name="name" label={t.visitorName} autoComplete="off" invalidText={t.nameRequired} />
      <TextField
        name="personnummer"
        label={t.personnummer}
        hint={t.personnummerHint}
        inputMode="numeric"
        autoComplete="off"
        invalidText={(code) => (code === "custom" ? t.identityRequired : t.personnummerShape)}
      />
      <TextField name="dateOfBirth" label={t.dateOfBirth} type="date" />
      <SelectField
        name="relation"
        label={t.relation}
        choices={relations.map((r) => ({ value: r, label: t.relations[r] }))}
      />
      <SelectField
        name="language"
        label={messages.staffing.language}
        choices={[
          { value: "", label: messages.staffing.noLanguageNeed },
          ...languages.map((code) => ({ value: code, label: languageName(code) })),
        ]}
      />
      <TextField name="phone" label={t.phone} type="tel" autoComplete="off" />
      <label className="check">
        <input type="checkbox" {...form.register("consentToFollowUp")} /> {t.consentToFollowUp}
      </label>
      <TextField
        name="childAge"
        label={t.childAge}
        hint={t.childAgeHint}
        type="number"
        inputMode="numeric"
        min={0}
        max={17}
      />
      {childAge.trim() !== "" && (
        <SelectField
          name="guardianVisitorId"
          label={t.guardian}
          choices={[
            { value: "", label: t.noGuardian },
            ...guardians.map((g) => ({ value: g.id, label: g.registration?.name ?? "" })),
          ]}
        />
      )}
      <div className="form__buttons">
        <button type="submit" disabled={register.isPending}>
          {t.register}
        </button>
        {side === "posom" && (
          <button
            type="button"
            className="secondary"
            disabled={register.isPending}
            onClick={() =>
              register.mutate(arrival(form.getValues()), { onSuccess: () => reset(t.anonymousRegistered) })
            }
          >
            {t.anonymous}
          </button>
        )}
      </div>
      {done && <p role="status">{done}</p>}
      {register.isError && <p role="alert">{t.failed(errorText(register.error, messages.work.problems))}</p>}
    </FormFrame>
  );
}
