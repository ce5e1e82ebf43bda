import { AidDeployBody, type AidOffer } from "@krisstod/contracts";
import { errorText } from "../api/errors.ts";
import { useDeployPeople } from "../api/mutualAid.ts";
import { useCallList } from "../api/roster.ts";
import { CheckboxGroup } from "../forms/choices.tsx";
import { FormFrame } from "../forms/FormFrame.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

/**
 * After the asker accepted: the offering organisation picks who goes, from its own support-person
 * call list (names stay in the roster; the request only ever holds person ids).
 */
export function DeployForm({
  offer,
  organisationId,
  asker,
}: {
  offer: AidOffer;
  organisationId: string;
  asker: string;
}) {
  const { messages } = useI18n();
  const t = messages.aid;
  const list = useCallList(organisationId, "support-persons");
  const deploy = useDeployPeople();
  const out = new Set(offer.deployed.filter((d) => d.status === "deployed").map((d) => d.personId));
  const form = useContractForm({
    schema: AidDeployBody,
    toBody: (values: { personIds: string[] }) => values,
    defaultValues: { personIds: [] as string[] },
  });
  const chosen = form.watch("personIds");
  const missing = offer.quantity - out.size;
  const submit = form.handleSubmit(({ personIds }) =>
    deploy.mutate(
      { offerId: offer.id, personIds },
      { onSuccess: () => form.reset({ personIds: [] }), onError: form.showRefusal },
    ),
  );
  if (missing <= 0) return null;
  return (
    <FormFrame
      form={form}
      onSubmit={submit}
      heading={t.deployHeading(asker, missing)}
      level={5}
      className="form form--inline"
    >
      <CheckboxGroup
        name="personIds"
        legend={t.whoGoes}
        className="checks"
        invalidText={t.chooseSomeone}
        options={(list.data?.entries ?? [])
          .filter(({ person }) => person.active && !out.has(person.id))
          .map(({ person }) => ({
            value: person.id,
            // No more than the offer: the rest wait until one is unticked.
            disabled: !chosen.includes(person.id) && chosen.length >= missing,
            label: (
              <>
                {person.givenName} {person.familyName}
                {person.workplace && <span className="muted"> · {person.workplace}</span>}
              </>
            ),
          }))}
      />
      <button type="submit" disabled={deploy.isPending}>
        {t.deploy(chosen.length)}
      </button>
      {deploy.isError && (
        <p role="alert">{messages.centres.failed(errorText(deploy.error, messages.work.problems))}</p>
      )}
    </FormFrame>
  );
}
