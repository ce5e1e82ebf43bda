import { type Organisation, PublicContact } from "@krisstod/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorText } from "../api/errors.ts";
import { useOrganisations } from "../api/mutualAid.ts";
import { json, roster } from "../api/services.ts";
import type { SignedInUser } from "../auth/session.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

interface ContactValues {
  phone: string;
  email: string;
  note: string;
}

/** The organisation's two contacts: for the public, and for other organisations when something happens. */
type ContactField = "publicContact" | "alarmContact";

const orNull = (text: string) => (text.trim() === "" ? null : text.trim());

/**
 * How the public reaches the organisation's POSOM or PKL (Webbsida: "Ring eller skicka e-post till
 * kontaktcenter"), kept by its leads; the information sheet at every centre it runs shows it.
 */
export function PublicContactForm({ user }: { user: SignedInUser }) {
  return <OwnContactForm user={user} field="publicContact" />;
}

/**
 * How other organisations alert its POSOM or PKL, its larmväg (Halland: "Dessa kontaktvägar bör
 * kommuniceras till Region Hallands TIB-funktion och andra berörda aktörer"), kept by its leads;
 * every organisation of the county sees it on the overview.
 */
export function AlarmContactForm({ user }: { user: SignedInUser }) {
  return <OwnContactForm user={user} field="alarmContact" />;
}

function OwnContactForm({ user, field }: { user: SignedInUser; field: ContactField }) {
  const organisations = useOrganisations(user.countyCode);
  const own = organisations.data?.find((o) => o.id === user.organisationId);
  if (!own) return null;
  // Started from the contact as stored when the organisation is first known.
  return <ContactForm key={own.id} user={user} own={own} field={field} />;
}

function ContactForm({ user, own, field }: { user: SignedInUser; own: Organisation; field: ContactField }) {
  const { messages } = useI18n();
  const t = messages.callLists;
  const texts =
    field === "publicContact"
      ? { heading: t.contactHeading, hint: t.contactHint, note: t.contactNote }
      : { heading: t.alarmHeading, hint: t.alarmHint, note: t.alarmNote };
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (contact: PublicContact | null) =>
      json(
        roster.organisations[":id"].$patch({
          param: { id: user.organisationId },
          json: { [field]: contact },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["roster", "organisations"] }),
  });
  const stored = own[field];
  const form = useContractForm({
    schema: PublicContact,
    toBody: (v: ContactValues) => ({ phone: orNull(v.phone), email: orNull(v.email), note: orNull(v.note) }),
    defaultValues: { phone: stored?.phone ?? "", email: stored?.email ?? "", note: stored?.note ?? "" },
  });
  const submit = form.handleSubmit((contact) =>
    save.mutate(contact.phone || contact.email || contact.note ? contact : null, {
      onError: form.showRefusal,
    }),
  );
  return (
    <FormFrame form={form} onSubmit={submit} heading={texts.heading}>
      <p className="hint">{texts.hint}</p>
      <TextField name="phone" label={t.contactPhone} type="tel" autoComplete="off" />
      <TextField name="email" label={t.contactEmail} type="email" autoComplete="off" />
      <TextField name="note" label={texts.note} maxLength={300} />
      <button type="submit" disabled={save.isPending}>
        {t.contactSave}
      </button>
      {save.isSuccess && <p role="status">{t.contactSaved}</p>}
      {save.isError && <p role="alert">{errorText(save.error, messages.work.problems)}</p>}
    </FormFrame>
  );
}
