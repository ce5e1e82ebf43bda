import type { Activation, FullRegionalPicture } from "@krisstod/contracts";
import { useId } from "react";
import { answerPagePath, useDevOutbox } from "../api/activation.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole } from "../auth/session.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";

/** One activation's call-out: progress toward the number needed, each person's answer, live. */
export function CallOutBoard({
  activation,
  picture,
}: {
  activation: Activation;
  picture: FullRegionalPicture | undefined;
}) {
  const { messages } = useI18n();
  const headingId = useId();
  const user = useUser();
  const progressText = messages.activation.progress(activation.counts.accepted, activation.needed);
  // The messages hold phone numbers: the service shows them to the organisation's leads only.
  const seesOutbox = hasRole(user, "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib");
  return (
    <section aria-labelledby={headingId} className="panel board">
      <h3 id={headingId}>
        {messages.activation.groups[activation.group]} · {messages.activation.statuses[activation.status]}
      </h3>
      <progress
        value={Math.min(activation.counts.accepted, activation.needed)}
        max={activation.needed}
        aria-label={progressText}
      />
      <p aria-live="polite">{progressText}</p>
      {activation.callOuts.length > 0 && (
        <table aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">{messages.activation.person}</th>
              <th scope="col">{messages.activation.answer}</th>
            </tr>
          </thead>
          <tbody>
            {activation.callOuts.map((callOut) => (
              <tr key={callOut.personId} className={`call-out call-out--${callOut.status}`}>
                <th scope="row">{callOut.name}</th>
                <td>
                  {messages.activation.callOutStatuses[callOut.status]}
                  {callOut.etaMinutes !== null && ` (${messages.activation.eta(callOut.etaMinutes)})`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {seesOutbox && <DevOutbox activation={activation} picture={picture} />}
    </section>
  );
}

/** The messages the development outbox holds, each with its answer link opened in the dashboard. */
function DevOutbox({
  activation,
  picture,
}: {
  activation: Activation;
  picture: FullRegionalPicture | undefined;
}) {
  const { messages } = useI18n();
  const headingId = useId();
  const outbox = useDevOutbox(activation.id, picture);
  const nameOf = new Map(activation.callOuts.map((c) => [c.personId, c.name]));
  if (outbox.isError) return null; // not the development outbox (a real SMS provider), or not ours to see
  return (
    <details className="outbox">
      <summary id={headingId}>{messages.activation.outboxHeading}</summary>
      {(outbox.data ?? []).length === 0 ? (
        <p>{messages.activation.outboxEmpty}</p>
      ) : (
        <ul aria-labelledby={headingId}>
          {outbox.data?.map((message) => {
            const name = nameOf.get(message.personId) ?? message.to;
            return (
              <li key={message.messageId}>
                <IncidentTime at={message.deliveredAt} /> · {messages.activation.to} {name} ({message.to})
                <br />
                <a href={answerPagePath(message.answerLink)} target="_blank" rel="noopener">
                  {messages.activation.openAnswerLink(name)}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </details>
  );
}
