import { ManagementComposition, type Organisation } from "@krisstod/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { errorText } from "../api/errors.ts";
import { useOrganisations } from "../api/mutualAid.ts";
import { json, roster } from "../api/services.ts";
import type { SignedInUser } from "../auth/session.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextAreaField } from "../forms/fields.tsx";
import { linesOf } from "../forms/lines.ts";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

const CompositionBody = z.object({ managementComposition: ManagementComposition });
type CompositionBody = z.infer<typeof CompositionBody>;

/**
 * Laholm 3.1: "POSOMs ledningsgrupp består av representanter från Socialtjänsten, Polisen,
 * Räddningstjänsten och Svenska kyrkan. Dessa utses av respektive organisation." The leads write
 * whom their steering document has the ledningsgrupp represent; readiness names any organisation
 * nobody in it comes from.
 */
export function CompositionForm({ user }: { user: SignedInUser }) {
  const organisations = useOrganisations(user.countyCode);
  const own = organisations.data?.find((o) => o.id === user.organisationId);
  if (!own) return null;
  // Started from the composition as stored when the organisation is first known.
  return <Form key={own.id} user={user} own={own} />;
}

function Form({ user, own }: { user: SignedInUser; own: Organisation }) {
  const { messages } = useI18n();
  const t = messages.callLists;
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: CompositionBody) =>
      json(roster.organisations[":id"].$patch({ param: { id: user.organisationId }, json: body })),
    // The organisation and its readiness (the reminder follows the composition).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["roster"] }),
  });
  const form = useContractForm({
    schema: CompositionBody,
    toBody: ({ managementComposition }: { managementComposition: string }) => ({
      managementComposition: linesOf(managementComposition),
    }),
    defaultValues: { managementComposition: (own.managementComposition ?? []).join("\n") },
  });
  const submit = form.handleSubmit((body) => save.mutate(body, { onError: form.showRefusal }));
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.compositionHeading}>
      <p className="hint">{t.compositionHint}</p>
      <TextAreaField
        name="managementComposition"
        label={t.compositionLabel}
        hint={t.compositionLabelHint}
        rows={5}
      />
      <button type="submit" disabled={save.isPending}>
        {t.compositionSave}
      </button>
      {save.isSuccess && <p role="status">{t.compositionSaved}</p>}
      {save.isError && <p role="alert">{errorText(save.error, messages.work.problems)}</p>}
    </FormFrame>
  );
}
