import { type Activation, type CallOut, FallbackBody, type FullRegionalPicture } from "@krisstod/contracts";
import { useId, useState } from "react";
import { FormProvider } from "react-hook-form";
import {
  answerPagePath,
  useCloseActivation,
  useDevOutbox,
  useEscalate,
  useFallback,
} from "../api/activation.ts";
import { errorText } from "../api/errors.ts";
import { useOrganisations } from "../api/mutualAid.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { may } from "../auth/permissions.ts";
import { hasRole } from "../auth/session.ts";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { AlarmRoute } from "../organisation/AlarmRoute.tsx";
import { MeetingPlaceForm } from "./MeetingPlaceForm.tsx";
import { ReliefForm } from "./ReliefForm.tsx";
import { TaskForm } from "./TaskForm.tsx";

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
  const nameOf = useOrganisationNames();
  const progressText = messages.activation.progress(activation.counts.accepted, activation.needed);
  // The messages hold phone numbers: the service shows them to the organisation's leads only.
  const seesOutbox = hasRole(user, "posom-lead", "ledningsgrupp", "pkl-lead", "region-tib");
  // Enköping "Vid en långvarig kris behöver aktiva lösas av": whom the lead is relieving now.
  const [relieving, setRelieving] = useState<CallOut | null>(null);
  // Laholm 3.3 "de uppdrag som ges av ledningsgruppen": whom the lead is giving a task now.
  const [tasking, setTasking] = useState<CallOut | null>(null);
  const mayRelieve = activation.status !== "closed" && may(user, "activation.relieve");
  const mayTask = activation.status !== "closed" && may(user, "activation.assign-task");
  return (
    <section aria-labelledby={headingId} className="panel board">
      <h3 id={headingId}>
        {messages.activation.groups[activation.group]} · {messages.activation.statuses[activation.status]}
        {activation.organisationId !== user.organisationId &&
          ` · ${messages.activation.fallbackFor(nameOf(activation.organisationId))}`}
      </h3>
      <progress
        value={Math.min(activation.counts.accepted, activation.needed)}
        max={activation.needed}
        aria-label={progressText}
      />
      <p aria-live="polite">{progressText}</p>
      <p className="board__counts">
        {messages.activation.callCounts(
          activation.counts.called,
          activation.counts.awaiting,
          activation.counts.queued,
        )}
        {activation.counts.relieved > 0 &&
          ` · ${messages.activation.relievedCount(activation.counts.relieved)}`}
      </p>
      {activation.meetingPlace && (
        <p>
          {messages.activation.meetingPlace}: {activation.meetingPlace}
        </p>
      )}
      {/* Recorded with the decision (Laholm 3.1 "i samråd med den som aktiverat"; Halland: PKL "i samråd med … (TIB)"). */}
      {activation.consultedWith && (
        <p>
          {messages.activation.consultedWith}: {activation.consultedWith}
        </p>
      )}
      {activation.chiefUnreachable && (
        <p>
          {messages.activation.chiefUnreachableRecorded}: {activation.chiefUnreachable}
        </p>
      )}
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
                  {callOut.etaMinutes !== null &&
                    callOut.status === "accepted" &&
                    ` (${messages.activation.eta(callOut.etaMinutes)})`}
                  <DutyTime callOut={callOut} />
                  {callOut.task && callOut.status === "accepted" && (
                    <>
                      <br />
                      {messages.activation.taskShown}: {callOut.task}
                    </>
                  )}
                  {mayRelieve && callOut.status === "accepted" && (
                    <>
                      {" "}
                      <button
                        type="button"
                        className="inline secondary"
                        onClick={() => setRelieving(callOut)}
                      >
                        {messages.activation.relieve(callOut.name)}
                      </button>
                    </>
                  )}
                  {mayTask && callOut.status === "accepted" && (
                    <>
                      {" "}
                      <button type="button" className="inline secondary" onClick={() => setTasking(callOut)}>
                        {messages.activation.taskButton(callOut.name)}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {relieving && mayRelieve && (
        <ReliefForm
          key={relieving.personId}
          activation={activation}
          callOut={relieving}
          onDone={() => setRelieving(null)}
        />
      )}
      {tasking && mayTask && (
        <TaskForm
          // Not the person id alone: the relief form beside it is keyed by that (sibling keys are shared).
          key={`task-${tasking.personId}`}
          activation={activation}
          callOut={tasking}
          onDone={() => setTasking(null)}
        />
      )}
      {activation.status !== "closed" &&
        activation.status !== "unreachable" &&
        may(user, "activation.escalate") && <EscalateAction activation={activation} />}
      {activation.status !== "closed" && <MeetingPlaceForm activation={activation} />}
      {activation.status !== "closed" &&
        activation.organisationId === user.organisationId &&
        may(user, "activation.close") && <CloseAction activation={activation} />}
      {activation.status === "unreachable" &&
        activation.fallbackOffered.length > 0 &&
        activation.organisationId === user.organisationId && <FallbackActions activation={activation} />}
      {seesOutbox && <DevOutbox activation={activation} picture={picture} />}
    </section>
  );
}

/** How long someone said yes has been on duty, or when they were relieved (the lead plans relief on it). */
function DutyTime({ callOut }: { callOut: CallOut }) {
  const { messages } = useI18n();
  if (callOut.status === "relieved" && callOut.relievedAt)
    return (
      <>
        {" "}
        <IncidentTime at={callOut.relievedAt} />
      </>
    );
  if (callOut.status === "accepted" && callOut.answeredAt)
    return (
      <>
        {" "}
        · {messages.activation.onDutySince} <IncidentTime at={callOut.answeredAt} />
      </>
    );
  return null;
}

/** Ends the activation, after the lead confirms it. */
function CloseAction({ activation }: { activation: Activation }) {
  const { messages } = useI18n();
  const t = messages.work.activations;
  const close = useCloseActivation(activation.incidentId);
  const [confirming, setConfirming] = useState(false);
  const group = messages.activation.groups[activation.group];
  return (
    <div className="close-activation">
      {confirming ? (
        <div className="confirm">
          <p>{t.confirmClose}</p>
          <button
            type="button"
            className="inline"
            disabled={close.isPending}
            onClick={() => close.mutate(activation.id, { onSuccess: () => setConfirming(false) })}
          >
            {t.confirmCloseButton}
          </button>{" "}
          <button type="button" className="inline secondary" onClick={() => setConfirming(false)}>
            {t.cancel}
          </button>
        </div>
      ) : (
        <button type="button" className="inline secondary" onClick={() => setConfirming(true)}>
          {t.close(group)}
        </button>
      )}
      {close.isSuccess && <p role="status">{t.closed}</p>}
      {close.isError && <p role="alert">{errorText(close.error, messages.work.problems)}</p>}
    </div>
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

/**
 * The lead's escalation: call the next people on the list now, without waiting for the answer
 * time to run out. The board's count of people called goes along, so a second click on the same
 * board (or a click after the timer's own step) is refused by the service instead of calling twice.
 */
function EscalateAction({ activation }: { activation: Activation }) {
  const { messages } = useI18n();
  const t = messages.activation;
  const escalate = useEscalate(activation.incidentId);
  const nobodyLeft = activation.counts.queued === 0;
  return (
    <div className="escalate">
      <button
        type="button"
        disabled={nobodyLeft || escalate.isPending}
        onClick={() =>
          escalate.mutate({ activationId: activation.id, body: { seenCalled: activation.counts.called } })
        }
      >
        {escalate.isPending ? t.escalating : t.escalate}
      </button>
      {nobodyLeft && <p className="hint">{t.nobodyLeft}</p>}
      {escalate.isSuccess && <p role="status">{t.escalated(escalate.data.called)}</p>}
      {escalate.isError && (
        <p role="alert">{t.escalateRefused(errorText(escalate.error, messages.work.problems))}</p>
      )}
    </div>
  );
}

/**
 * The own ledningsgrupp could not be reached (every one asked declined or stayed silent): the
 * service offers the neighbours, and one click activates a neighbour's group for us.
 */
function FallbackActions({ activation }: { activation: Activation }) {
  const { messages } = useI18n();
  const t = messages.activation;
  const nameOf = useOrganisationNames();
  const fallback = useFallback(activation.incidentId);
  // The neighbour is the button pressed; the reason is checked by the contract before sending.
  const form = useContractForm({
    schema: FallbackBody,
    defaultValues: { organisationId: "", reason: t.fallbackReasonDefault, chiefUnreachable: "" },
    // A stand-in (TiB, stabschef) asks as it decides: saying how the one it stands in for was tried.
    toBody: ({
      chiefUnreachable,
      ...v
    }: {
      organisationId: string;
      reason: string;
      chiefUnreachable: string;
    }) => ({
      ...v,
      ...(chiefUnreachable.trim() !== "" ? { chiefUnreachable } : {}),
    }),
  });
  const headingId = useId();
  const activate = (neighbour: string) => {
    form.setValue("organisationId", neighbour);
    void form.handleSubmit((body) => fallback.mutate({ activationId: activation.id, body }))();
  };
  return (
    // A region named by its heading, as before: the form inside has one field and a button per neighbour.
    <section aria-labelledby={headingId} className="fallback">
      <h4 id={headingId}>{t.fallbackHeading}</h4>
      <p>{t.fallbackIntro}</p>
      <FormProvider {...form}>
        <form onSubmit={(event) => event.preventDefault()} noValidate>
          <TextField name="reason" label={t.reason} className="fallback__reason" />
          <TextField
            name="chiefUnreachable"
            label={t.chiefUnreachable}
            hint={t.chiefUnreachableHint}
            className="fallback__reason"
            maxLength={500}
          />
          <div className="form__buttons">
            {activation.fallbackOffered.map((neighbour) => (
              <button
                key={neighbour}
                type="button"
                disabled={fallback.isPending}
                onClick={() => activate(neighbour)}
              >
                {t.fallbackTo(nameOf(neighbour))}
              </button>
            ))}
          </div>
        </form>
      </FormProvider>
      <NeighbourAlarmRoutes neighbours={activation.fallbackOffered} />
      {fallback.isSuccess && <p role="status">{t.fallbackDone(nameOf(fallback.data.organisationId))}</p>}
      {fallback.isError && <p role="alert">{t.refused(errorText(fallback.error, messages.work.problems))}</p>}
    </section>
  );
}

/**
 * The neighbours' larmvägar beside the buttons (Laholm 3.1: "aktiveras Halmstads eller Båstads
 * POSOM via HILL"): for a call to make the request heard, or when the system is not enough.
 */
function NeighbourAlarmRoutes({ neighbours }: { neighbours: readonly string[] }) {
  const { messages } = useI18n();
  const organisations = useOrganisations();
  const nameOf = useOrganisationNames();
  const headingId = useId();
  const alarmOf = new Map((organisations.data ?? []).map((o) => [o.id, o.alarmContact]));
  return (
    <section aria-labelledby={headingId}>
      <h5 id={headingId}>{messages.activation.fallbackAlarmRoutes}</h5>
      <ul className="alarm-routes">
        {neighbours.map((neighbour) => (
          <li key={neighbour}>
            <strong>{nameOf(neighbour)}</strong>
            <AlarmRoute contact={alarmOf.get(neighbour)} none={messages.overview.noAlarmRoute} />
          </li>
        ))}
      </ul>
    </section>
  );
}
