import type { Activation } from "@krisstod/contracts";
import { type FormEvent, useId, useState } from "react";
import { useChangeMeetingPlace } from "../api/activation.ts";
import { errorText } from "../api/errors.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

/**
 * The lead moves the gathering while the call-out runs: the service stores the new place, texts
 * it to everyone who has already said yes and shows it to whoever says yes later.
 */
export function MeetingPlaceForm({ activation }: { activation: Activation }) {
  const { messages } = useI18n();
  const t = messages.activation;
  const change = useChangeMeetingPlace(activation.incidentId);
  const [place, setPlace] = useState(activation.meetingPlace ?? "");
  const headingId = useId();
  const inputId = useId();
  const hintId = useId();
  const invalid = place.trim().length < 2;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    change.mutate({ activationId: activation.id, body: { meetingPlace: place.trim() } });
  };
  return (
    <form className="form meeting-place" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h4 id={headingId}>{t.changeMeetingPlace}</h4>
      <label htmlFor={inputId}>{t.newMeetingPlace}</label>
      <input
        id={inputId}
        value={place}
        maxLength={500}
        onChange={(e) => setPlace(e.target.value)}
        aria-describedby={hintId}
        aria-invalid={invalid}
      />
      <p id={hintId} className="hint">
        {t.newMeetingPlaceHint}
      </p>
      <div className="form__buttons">
        <button type="submit" disabled={invalid || change.isPending}>
          {change.isPending ? t.savingMeetingPlace : t.saveMeetingPlace}
        </button>
      </div>
      {change.isSuccess && <p role="status">{t.meetingPlaceSaved(change.data.told)}</p>}
      {change.isError && (
        <p role="alert">{t.meetingPlaceRefused(errorText(change.error, messages.work.problems))}</p>
      )}
    </form>
  );
}
