import type { AidOffer } from "@krisstod/contracts";
import { type FormEvent, useId, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useDeployPeople } from "../api/mutualAid.ts";
import { useCallList } from "../api/roster.ts";
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
  const [chosen, setChosen] = useState<string[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const ids = { form: useId(), error: useId() };
  const missing = offer.quantity - out.size;
  const invalid = chosen.length === 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (invalid) return;
    deploy.mutate({ offerId: offer.id, personIds: chosen }, { onSuccess: () => setChosen([]) });
  };
  if (missing <= 0) return null;
  return (
    <form className="form form--inline" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h5 id={ids.form}>{t.deployHeading(asker, missing)}</h5>
      <fieldset className="checks" aria-describedby={submitted && invalid ? ids.error : undefined}>
        <legend>{t.whoGoes}</legend>
        {(list.data?.entries ?? [])
          .filter(({ person }) => person.active && !out.has(person.id))
          .map(({ person }) => (
            <label key={person.id}>
              <input
                type="checkbox"
                checked={chosen.includes(person.id)}
                disabled={!chosen.includes(person.id) && chosen.length >= missing}
                onChange={(e) =>
                  setChosen((prev) =>
                    e.target.checked ? [...prev, person.id] : prev.filter((id) => id !== person.id),
                  )
                }
              />{" "}
              {person.givenName} {person.familyName}
              {person.workplace && <span className="muted"> · {person.workplace}</span>}
            </label>
          ))}
      </fieldset>
      {submitted && invalid && (
        <p id={ids.error} className="field-error">
          {t.chooseSomeone}
        </p>
      )}
      <button type="submit" disabled={deploy.isPending}>
        {t.deploy(chosen.length)}
      </button>
      {deploy.isError && (
        <p role="alert">{messages.centres.failed(errorText(deploy.error, messages.work.problems))}</p>
      )}
    </form>
  );
}
