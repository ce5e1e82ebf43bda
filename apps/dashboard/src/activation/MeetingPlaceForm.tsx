import { type Activation, ChangeMeetingPlaceBody } from "@krisstod/contracts";
import { useChangeMeetingPlace } from "../api/activation.ts";
import { errorText } from "../api/errors.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

/**
 * The lead moves the gathering while the call-out runs: the service stores the new place, texts
 * it to everyone who has already said yes and shows it to whoever says yes later.
 */
export function MeetingPlaceForm({ activation }: { activation: Activation }) {
  const { messages } = useI18n();
  const t = messages.activation;
  const change = useChangeMeetingPlace(activation.incidentId);
  const form = useContractForm({
    schema: ChangeMeetingPlaceBody,
    toBody: (values: ChangeMeetingPlaceBody) => values,
    defaultValues: { meetingPlace: activation.meetingPlace ?? "" },
  });
  const submit = form.handleSubmit((body) =>
    change.mutate({ activationId: activation.id, body }, { onError: form.showRefusal }),
  );
  return (
    <FormFrame
      form={form}
      onSubmit={submit}
      heading={t.changeMeetingPlace}
      level={4}
      className="form meeting-place"
    >
      <TextField name="meetingPlace" label={t.newMeetingPlace} hint={t.newMeetingPlaceHint} maxLength={500} />
      <div className="form__buttons">
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? t.savingMeetingPlace : t.saveMeetingPlace}
        </button>
      </div>
      {change.isSuccess && <p role="status">{t.meetingPlaceSaved(change.data.told)}</p>}
      {change.isError && (
        <p role="alert">{t.meetingPlaceRefused(errorText(change.error, messages.work.problems))}</p>
      )}
    </FormFrame>
  );
}
