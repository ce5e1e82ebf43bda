import { DebriefUpdateBody, type Participant, RecordParticipantBody } from "@krisstod/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { useRecordParticipant } from "../api/afterWork.ts";
import { errorText } from "../api/errors.ts";
import { usePersonNames } from "../api/people.ts";
import { queryKeys } from "../api/queryKeys.ts";
import {
  useOfferDebriefs,
  useParticipants,
  useReferToOccupationalHealth,
  useUpdateDebrief,
} from "../api/reporting.ts";
import { hasRole, type SignedInUser } from "../auth/session.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { DecimalField, errorAt, FieldMessage, SelectField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { TableScroll } from "../layout/TableScroll.tsx";
import { type DebriefOutcome, heldAtIso, nextDebriefOutcomes } from "../work/debrief.ts";
import { parseDecimal, stockholmToday, TIME_ZONE } from "../work/workTime.ts";
import type { AfterWorkActivation } from "./activations.ts";

/** The role a participant had, for an activation whose events did not say (older records). */
const roleOfGroup = { management: "ledningsgrupp", "support-persons": "support-person", pkl: "pkl" } as const;

export function Participants({ user, activation }: { user: SignedInUser; activation: AfterWorkActivation }) {
  const { messages } = useI18n();
  const t = messages.afterWork;
  const r = messages.afterWorkRecord;
  const participants = useParticipants(activation.id);
  const offer = useOfferDebriefs(activation.id, user.organisationId);
  const debrief = useUpdateDebrief(activation.id, user.organisationId);
  const referral = useReferToOccupationalHealth(activation.id, user.organisationId);
  const [debriefSaved, setDebriefSaved] = useState<string>();
  const writes = hasRole(user, "posom-lead", "pkl-lead", "ledningsgrupp", "region-tib");
  const queryClient = useQueryClient();
  const id = useId();
  const hintId = useId();
  const rows = participants.data ?? [];
  // Reporting keeps roster ids only; the names come from the roster, read as this lead (helpers
  // deployed to us under mutual aid included, as the roster allows). A helper the roster does not
  // name to us is shown by their organisation.
  const names = usePersonNames(user.organisationId, rows, hasRole(user, "posom-lead", "pkl-lead"));
  const organisationName = useOrganisationNames();
  const nameOf = (p: Participant) =>
    names.get(p.personId) ??
    p.personName ??
    (p.organisationId === user.organisationId
      ? p.personId
      : t.helperFrom(organisationName(p.organisationId), p.personId.slice(-4)));
  const hours = (n: number) => n.toLocaleString(messages.locale, { maximumFractionDigits: 2 });
  const day = useMemo(
    () =>
      new Intl.DateTimeFormat(messages.locale, {
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: TIME_ZONE,
      }),
    [messages.locale],
  );
  const statusOf = (p: Participant) =>
    p.debrief.status === "held" && p.debrief.heldAt
      ? r.heldOn(day.format(new Date(p.debrief.heldAt)))
      : t.debriefStatuses[p.debrief.status];
  const record = (p: Participant, status: DebriefOutcome, at?: string) => {
    setDebriefSaved(undefined);
    debrief.mutate(
      { personId: p.personId, status, ...(at ? { at } : {}) },
      { onSuccess: (updated) => setDebriefSaved(r.debriefSaved(nameOf(updated), statusOf(updated))) },
    );
  };
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{t.participants}</h3>
      {participants.isError && <p role="alert">{errorText(participants.error, messages.work.problems)}</p>}
      {participants.isSuccess && rows.length === 0 && <p>{t.noParticipants}</p>}
      {rows.length > 0 && (
        <>
          <p id={hintId} className="hint">
            {r.nameHint}
          </p>
          <TableScroll labelledBy={id}>
            <table aria-labelledby={id} aria-describedby={hintId}>
              <thead>
                <tr>
                  <th scope="col">{messages.activation.person}</th>
                  <th scope="col">{t.hours}</th>
                  <th scope="col">{r.hoursOutside}</th>
                  <th scope="col">{t.debrief}</th>
                  {writes && <th scope="col">{r.debriefRecord}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.personId}>
                    <th scope="row">{nameOf(p)}</th>
                    <td>{hours(p.hours)}</td>
                    <td>{hours(p.hoursOutsideWorkingTime)}</td>
                    <td>{statusOf(p)}</td>
                    {writes && (
                      <td>
                        <DebriefActions
                          participant={p}
                          name={nameOf(p)}
                          pending={debrief.isPending}
                          onRecord={(status, at) => record(p, status, at)}
                        />{" "}
                        {p.debrief.occupationalHealthReferredAt ? (
                          <span>
                            {r.referredToOccupationalHealth(
                              day.format(new Date(p.debrief.occupationalHealthReferredAt)),
                            )}
                          </span>
                        ) : p.debrief.status === "not-offered" ? null : (
                          <button
                            type="button"
                            className="inline secondary"
                            disabled={referral.isPending}
                            onClick={() => referral.mutate(p.personId)}
                          >
                            {r.referToOccupationalHealth(nameOf(p))}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {debriefSaved && <p role="status">{debriefSaved}</p>}
          {referral.isError && (
            <p role="alert">{messages.centres.failed(errorText(referral.error, messages.work.problems))}</p>
          )}
          {debrief.isError && (
            <p role="alert">{messages.centres.failed(errorText(debrief.error, messages.work.problems))}</p>
          )}
        </>
      )}
      <button
        type="button"
        disabled={offer.isPending || rows.length === 0}
        onClick={() =>
          offer.mutate(undefined, {
            onSuccess: () =>
              queryClient.invalidateQueries({ queryKey: queryKeys.activationSummary(activation.id) }),
          })
        }
      >
        {t.offerDebriefs}
      </button>
      {offer.isSuccess && <p role="status">{t.debriefsOffered}</p>}
      {offer.isError && (
        <p role="alert">{messages.centres.failed(errorText(offer.error, messages.work.problems))}</p>
      )}
      {rows.length > 0 && (
        <HoursForm activation={activation} participants={rows} nameOf={nameOf} hours={hours} />
      )}
    </section>
  );
}

/**
 * What the lead records of one participant's debrief, as reporting allows it next: the answer to
 * the offer (a decline may become an acceptance), then the day an accepted debrief was held.
 */
function DebriefActions({
  participant,
  name,
  pending,
  onRecord,
}: {
  participant: Participant;
  name: string;
  pending: boolean;
  onRecord: (status: DebriefOutcome, at?: string) => void;
}) {
  const { messages } = useI18n();
  const r = messages.afterWorkRecord;
  const outcomes = nextDebriefOutcomes(participant.debrief.status);
  if (outcomes.length === 0) return null;
  if (outcomes.includes("held")) return <HeldOnForm name={name} pending={pending} onRecord={onRecord} />;
  return (
    <>
      {outcomes.map((outcome) => (
        <button
          key={outcome}
          type="button"
          className={outcome === "declined" ? "inline secondary" : "inline"}
          disabled={pending}
          aria-label={r.debriefOutcomeFor(r.debriefOutcomes[outcome], name)}
          onClick={() => onRecord(outcome)}
        >
          {r.debriefOutcomes[outcome]}
        </button>
      ))}
    </>
  );
}

/** What the held-on form sends of the contract's debrief update: the instant it was held. */
const HeldOnBody = DebriefUpdateBody.pick({ at: true }).required();

/** The day a debrief was held: today by default, never after today; sent as an instant. */
function HeldOnForm({
  name,
  pending,
  onRecord,
}: {
  name: string;
  pending: boolean;
  onRecord: (status: DebriefOutcome, at?: string) => void;
}) {
  const { messages } = useI18n();
  const r = messages.afterWorkRecord;
  const id = useId();
  const form = useContractForm({
    schema: HeldOnBody,
    defaultValues: { at: stockholmToday() },
    // A day after today, or no day, is no instant: the contract refuses it at the field.
    toBody: (v: { at: string }) => ({ at: heldAtIso(v.at) ?? "" }),
  });
  const error = errorAt(form.formState.errors, "at") ? r.heldDateInvalid : undefined;
  return (
    <form className="debrief-held" onSubmit={form.handleSubmit(({ at }) => onRecord("held", at))} noValidate>
      <label htmlFor={id} className="visually-hidden">
        {r.heldDate(name)}
      </label>
      <input
        id={id}
        className="debrief-held__date"
        type="date"
        max={stockholmToday()}
        aria-invalid={error !== undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...form.register("at")}
      />{" "}
      <button
        type="submit"
        className="inline"
        disabled={pending}
        aria-label={r.debriefOutcomeFor(r.debriefOutcomes.held, name)}
      >
        {r.debriefOutcomes.held}
      </button>
      <FieldMessage id={`${id}-error`} text={error} />
    </form>
  );
}

interface HoursValues {
  personId: string;
  /** Hours as typed, decimal comma allowed. */
  hours: string;
  /** Empty is none. */
  hoursOutsideWorkingTime: string;
}

/** One participant's hours, and the part of them outside ordinary working time. */
function HoursForm({
  activation,
  participants,
  nameOf,
  hours,
}: {
  activation: AfterWorkActivation;
  participants: Participant[];
  nameOf: (p: Participant) => string;
  hours: (n: number) => string;
}) {
  const { messages } = useI18n();
  const r = messages.afterWorkRecord;
  const record = useRecordParticipant(activation.id);
  const [saved, setSaved] = useState<string>();
  const valuesOf = (p: Participant | undefined): HoursValues => ({
    personId: p?.personId ?? "",
    hours: p ? hours(p.hours) : "",
    hoursOutsideWorkingTime: p ? hours(p.hoursOutsideWorkingTime) : "",
  });
  const chosenOf = (personId: string) => participants.find((p) => p.personId === personId) ?? participants[0];
  const form = useContractForm({
    schema: RecordParticipantBody,
    toBody: (values: HoursValues): RecordParticipantBody => {
      const chosen = chosenOf(values.personId);
      return {
        organisationId: chosen?.organisationId ?? "",
        role: chosen?.role ?? roleOfGroup[activation.group ?? "support-persons"],
        hours: parseDecimal(values.hours) ?? Number.NaN,
        hoursOutsideWorkingTime:
          parseDecimal(values.hoursOutsideWorkingTime === "" ? "0" : values.hoursOutsideWorkingTime) ??
          Number.NaN,
      };
    },
    defaultValues: valuesOf(participants[0]),
  });
  const choose = (id: string) => {
    form.reset(valuesOf(chosenOf(id)));
    setSaved(undefined);
  };
  const submit = form.handleSubmit((body) => {
    setSaved(undefined);
    const chosen = chosenOf(form.getValues("personId"));
    if (!chosen) return;
    // Not a rule of the contract: the part outside working time is a part of all the hours.
    if (body.hoursOutsideWorkingTime > body.hours) {
      form.setError(
        "hoursOutsideWorkingTime",
        { type: "rule", message: r.outsideInvalid },
        { shouldFocus: true },
      );
      return;
    }
    const name = nameOf(chosen);
    record.mutate(
      { personId: chosen.personId, body },
      { onSuccess: () => setSaved(r.hoursSaved(name)), onError: form.showRefusal },
    );
  });
  return (
    <FormFrame form={form} onSubmit={submit} heading={r.hoursHeading} level={4}>
      <SelectField
        name="personId"
        label={r.participant}
        choices={participants.map((p) => ({ value: p.personId, label: nameOf(p) }))}
        onChange={choose}
      />
      <DecimalField name="hours" label={r.hours} hint={r.decimalHint} invalidText={r.hoursInvalid} />
      <DecimalField name="hoursOutsideWorkingTime" label={r.hoursOutsideInput} invalidText={r.hoursInvalid} />
      <button type="submit" disabled={record.isPending}>
        {r.saveHours}
      </button>
      {saved && <p role="status">{saved}</p>}
      {record.isError && (
        <p role="alert">{messages.centres.failed(errorText(record.error, messages.work.problems))}</p>
      )}
    </FormFrame>
  );
}
