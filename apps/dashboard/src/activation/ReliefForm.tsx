import { type Activation, type CallOut, RelieveBody } from "@krisstod/contracts";
import { useRelieve } from "../api/activation.ts";
import { errorText } from "../api/errors.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

interface ReliefValues {
  gathering: string;
  replace: boolean;
}

/**
 * Enköping: "Vid en långvarig kris behöver aktiva lösas av samtidigt som dessa också har ett
 * ordinarie arbete att utföra." The lead relieves one person on duty: the service texts them —
 * with the gathering for a supportive talk when named (Laholm 3.2 "uppsamling och stödjande samtal
 * vid behov") — and, unless the lead says the need is smaller now, calls the next on the list.
 */
export function ReliefForm({
  activation,
  callOut,
  onDone,
}: {
  activation: Activation;
  callOut: CallOut;
  onDone: () => void;
}) {
  const { messages } = useI18n();
  const t = messages.activation;
  const relieve = useRelieve(activation.incidentId);
  const form = useContractForm({
    schema: RelieveBody,
    defaultValues: { gathering: "", replace: activation.counts.queued > 0 },
    toBody: ({ gathering, replace }: ReliefValues) => ({
      // A disabled box (nobody left to call) reads as undefined: no replacement then.
      replace: replace === true,
      ...(gathering.trim() !== "" ? { gathering } : {}),
    }),
  });
  const submit = form.handleSubmit((body) =>
    relieve.mutate(
      { activationId: activation.id, personId: callOut.personId, body },
      { onError: form.showRefusal },
    ),
  );
  return (
    <FormFrame
      form={form}
      onSubmit={submit}
      heading={t.reliefHeading(callOut.name)}
      level={4}
      className="form relief"
    >
      <TextField name="gathering" label={t.gathering} hint={t.gatheringHint} maxLength={500} />
      <label className="check">
        <input type="checkbox" {...form.register("replace")} disabled={activation.counts.queued === 0} />{" "}
        {t.replace}
      </label>
      <p className="hint">{activation.counts.queued === 0 ? t.nobodyLeft : t.replaceHint}</p>
      <div className="form__buttons">
        <button type="submit" disabled={relieve.isPending || relieve.isSuccess}>
          {relieve.isPending ? t.relieving : t.confirmRelief}
        </button>{" "}
        <button type="button" className="secondary" onClick={onDone}>
          {t.cancel}
        </button>
      </div>
      {relieve.isSuccess && <p role="status">{t.relieved(callOut.name, relieve.data.called)}</p>}
      {relieve.isError && (
        <p role="alert">{t.reliefRefused(errorText(relieve.error, messages.work.problems))}</p>
      )}
    </FormFrame>
  );
}
