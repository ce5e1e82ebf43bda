import { useId, useMemo, useState } from "react";
import { afterWorkActivations } from "../after-work/activations.ts";
import { CostForm } from "../after-work/CostForm.tsx";
import { EvaluationForm, Evaluations } from "../after-work/Evaluations.tsx";
import { Participants } from "../after-work/Participants.tsx";
import { Summary } from "../after-work/Summary.tsx";
import { useAfterActionActivations } from "../api/afterWork.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";

/**
 * After an activation: who took part and their debrief offers (stödsamtal), and the evaluation
 * (jointly when POSOM and PKL worked together), whose lessons go back into the routines.
 */
export default function AfterWorkScreen() {
  const user = useUser();
  const { messages } = useI18n();
  const t = messages.afterWork;
  const picture = useRegionalPicture(user.countyCode);
  const records = useAfterActionActivations(user.organisationId, picture.data);
  const activations = useMemo(
    () => afterWorkActivations(picture.data, records.data ?? [], user.organisationId),
    [picture.data, records.data, user.organisationId],
  );
  const [chosen, setChosen] = useState<string>();
  const activationId = chosen ?? activations[0]?.id;
  const activation = activations.find((a) => a.id === activationId);
  const pickId = useId();

  return (
    <main className="screen">
      <h2>{t.heading}</h2>
      {activations.length === 0 ? (
        <p>{t.noActivations}</p>
      ) : (
        <>
          <p>
            <label htmlFor={pickId}>{t.activation}</label>{" "}
            <select id={pickId} value={activationId} onChange={(e) => setChosen(e.target.value)}>
              {activations.map((a) => (
                <option key={a.id} value={a.id}>
                  {[
                    a.aidGiven ? t.aidGiven : "",
                    a.title,
                    a.group ? messages.activation.groups[a.group] : "",
                    a.status ? messages.activation.statuses[a.status] : "",
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </option>
              ))}
            </select>
          </p>
          {activation && <Participants user={user} activation={activation} />}
          {activation && <CostForm user={user} activationId={activation.id} />}
          {activation && <Summary activationId={activation.id} />}
          {activationId && <EvaluationForm user={user} activationId={activationId} />}
        </>
      )}
      <Evaluations user={user} />
    </main>
  );
}
