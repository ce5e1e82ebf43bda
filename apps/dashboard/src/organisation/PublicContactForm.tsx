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

const orNull = (text: string) => (text.trim() === "" ? null : text.trim());

/**
 * How the public reaches the organisation's POSOM or PKL (Webbsida: "Ring eller skicka e-post till
 * kontaktcenter"), kept by its leads; the information sheet at every centre it runs shows it.
 */
export function PublicContactForm({ user }: { user: SignedInUser }) {
  const organisations = useOrganisations(user.countyCode);
  const own = organisations.data?.find((o) => o.id === user.organisationId);
  if (!own) return null;
  // Started from the contact as stored when the organisation is first known.
  return <ContactForm key={own.id} user={user} own={own} />;
}

function ContactForm({ user, own }: { user: SignedInUser; own: Organisation }) {
  const { messages } = useI18n();
  const t = messages.callLists;
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (publicContact: PublicContact | null) =>
      json(
        roster.organisations[":id"].$patch({ param: { id: user.organisationId }, json: { publicContact } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["roster", "organisations"] }),
  });
  const form = useContractForm({
    schema: PublicContact,
    toBody: (v: ContactValues) => ({ phone: orNull(v.phone), email: orNull(v.email), note: orNull(v.note) }),
    defaultValues: {
      phone: own.publicContact?.phone ?? "",
      email: own.publicContact?.email ?? "",
      note: own.publicContact?.note ?? "",
    },
  });
  const submit = form.handleSubmit((contact) =>
    save.mutate(contact.phone || contact.email || contact.note ? contact : null, {
      onError: form.showRefusal,
    }),
  );
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.contactHeading}>
      <p className="hint">{t.contactHint}</p>
      <TextField name="phone" label={t.contactPhone} type="tel" autoComplete="off" />
      <TextField name="email" label={t.contactEmail} type="email" autoComplete="off" />
      <TextField name="note" label={t.contactNote} maxLength={300} />
      <button type="submit" disabled={save.isPending}>
        {t.contactSave}
      </button>
      {save.isSuccess && <p role="status">{t.contactSaved}</p>}
      {save.isError && <p role="alert">{errorText(save.error, messages.work.problems)}</p>}
    </FormFrame>
  );
}
