import {
  type ActivationStatus,
  type AfterActionActivation,
  type CostCategory,
  type FullRegionalPicture,
  type Participant,
  RosterGroup,
} from "@krisstod/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useMemo, useState } from "react";
import {
  useActivationSummary,
  useAfterActionActivations,
  useRecordCost,
  useRecordParticipant,
  useUpdateEvaluation,
} from "../api/afterWork.ts";
import { errorText } from "../api/errors.ts";
import { usePersonNames } from "../api/people.ts";
import { queryKeys } from "../api/queryKeys.ts";
import {
  useCreateEvaluation,
  useEvaluations,
  useOfferDebriefs,
  useParticipants,
  useReferToOccupationalHealth,
  useUpdateDebrief,
} from "../api/reporting.ts";
import { useUser } from "../auth/AuthProvider.tsx";
import { hasRole, type SignedInUser } from "../auth/session.ts";
import { useOrganisationNames } from "../geo/useOrganisationNames.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { TableScroll } from "../layout/TableScroll.tsx";
import { useRegionalPicture } from "../picture/useRegionalPicture.ts";
import { type DebriefOutcome, heldAtIso, nextDebriefOutcomes, stockholmToday } from "../work/debrief.ts";
import { parseDecimal, TIME_ZONE } from "../work/workTime.ts";

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

/** One activation to follow up: live from the picture, or closed from reporting's records. */
interface AfterWorkActivation {
  id: string;
  title: string;
  group: RosterGroup | undefined;
  status: ActivationStatus | undefined;
  decidedAt: string;
}

/**
 * The organisation's root activations, newest first: the live picture's (with their state) and
 * reporting's after-action records (closed ones too; the picture drops those). Support-person
 * activations decided under a ledningsgrupp's are left out: their people count under that one.
 */
export function afterWorkActivations(
  picture: FullRegionalPicture | undefined,
  records: readonly AfterActionActivation[],
  organisationId: string,
): AfterWorkActivation[] {
  const titleOf = new Map((picture?.incidents ?? []).map((i) => [i.id, i.title]));
  const byId = new Map<string, AfterWorkActivation>();
  for (const r of records) {
    if (r.organisationId !== organisationId) continue;
    const group = RosterGroup.safeParse(r.group);
    byId.set(r.activationId, {
      id: r.activationId,
      title: r.incidentTitle ?? (r.incidentId ? (titleOf.get(r.incidentId) ?? "") : ""),
      group: group.success ? group.data : undefined,
      status: r.endedAt ? "closed" : undefined,
      decidedAt: r.activatedAt,
    });
  }
  for (const a of picture?.activations ?? []) {
    if (a.organisationId !== organisationId || a.parentActivationId) continue;
    byId.set(a.id, {
      id: a.id,
      title: titleOf.get(a.incidentId) ?? byId.get(a.id)?.title ?? "",
      group: a.group,
      status: a.status,
      decidedAt: a.decidedAt,
    });
  }
  return [...byId.values()].sort((a, b) => Date.parse(b.decidedAt) - Date.parse(a.decidedAt));
}

/** The role a participant had, for an activation whose events did not say (older records). */
const roleOfGroup = { management: "ledningsgrupp", "support-persons": "support-person", pkl: "pkl" } as const;

function Participants({ user, activation }: { user: SignedInUser; activation: AfterWorkActivation }) {
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
  const [date, setDate] = useState(() => stockholmToday());
  const [submitted, setSubmitted] = useState(false);
  const ids = { date: useId(), error: useId() };
  const outcomes = nextDebriefOutcomes(participant.debrief.status);
  if (outcomes.length === 0) return null;
  if (outcomes.includes("held")) {
    const at = heldAtIso(date);
    const showError = submitted && at === undefined;
    const submit = (event: FormEvent) => {
      event.preventDefault();
      setSubmitted(true);
      if (at === undefined) {
        document.getElementById(ids.date)?.focus();
        return;
      }
      onRecord("held", at);
    };
    return (
      <form className="debrief-held" onSubmit={submit} noValidate>
        <label htmlFor={ids.date} className="visually-hidden">
          {r.heldDate(name)}
        </label>
        <input
          id={ids.date}
          className="debrief-held__date"
          type="date"
          value={date}
          max={stockholmToday()}
          onChange={(e) => setDate(e.target.value)}
          aria-invalid={showError}
          aria-describedby={showError ? ids.error : undefined}
        />{" "}
        <button
          type="submit"
          className="inline"
          disabled={pending}
          aria-label={r.debriefOutcomeFor(r.debriefOutcomes.held, name)}
        >
          {r.debriefOutcomes.held}
        </button>
        {showError && (
          <p id={ids.error} className="field-error">
            {r.heldDateInvalid}
          </p>
        )}
      </form>
    );
  }
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
  const [personId, setPersonId] = useState(participants[0]?.personId ?? "");
  const chosen = participants.find((p) => p.personId === personId) ?? participants[0];
  const [total, setTotal] = useState(() => (chosen ? hours(chosen.hours) : ""));
  const [outside, setOutside] = useState(() => (chosen ? hours(chosen.hoursOutsideWorkingTime) : ""));
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState<string>();
  const ids = {
    form: useId(),
    person: useId(),
    total: useId(),
    totalError: useId(),
    outside: useId(),
    outsideError: useId(),
    hint: useId(),
  };
  const totalValue = parseDecimal(total);
  const outsideValue = parseDecimal(outside === "" ? "0" : outside);
  const totalError = totalValue === undefined || totalValue > 1_000 ? r.hoursInvalid : undefined;
  const outsideError =
    outsideValue === undefined || outsideValue > 1_000
      ? r.hoursInvalid
      : totalValue !== undefined && outsideValue > totalValue
        ? r.outsideInvalid
        : undefined;
  const choose = (id: string) => {
    const next = participants.find((p) => p.personId === id);
    setPersonId(id);
    setTotal(next ? hours(next.hours) : "");
    setOutside(next ? hours(next.hoursOutsideWorkingTime) : "");
    setSubmitted(false);
    setSaved(undefined);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSaved(undefined);
    if (!chosen || totalError || outsideError || totalValue === undefined || outsideValue === undefined) {
      document.getElementById(totalError ? ids.total : ids.outside)?.focus();
      return;
    }
    const name = nameOf(chosen);
    record.mutate(
      {
        personId: chosen.personId,
        body: {
          organisationId: chosen.organisationId,
          role: chosen.role ?? roleOfGroup[activation.group ?? "support-persons"],
          hours: totalValue,
          hoursOutsideWorkingTime: outsideValue,
        },
      },
      { onSuccess: () => setSaved(r.hoursSaved(name)) },
    );
  };
  const showTotal = submitted && totalError;
  const showOutside = submitted && outsideError;
  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h4 id={ids.form}>{r.hoursHeading}</h4>
      <label htmlFor={ids.person}>{r.participant}</label>
      <select id={ids.person} value={chosen?.personId} onChange={(e) => choose(e.target.value)}>
        {participants.map((p) => (
          <option key={p.personId} value={p.personId}>
            {nameOf(p)}
          </option>
        ))}
      </select>
      <label htmlFor={ids.total}>{r.hours}</label>
      <input
        id={ids.total}
        inputMode="decimal"
        autoComplete="off"
        value={total}
        onChange={(e) => setTotal(e.target.value)}
        aria-invalid={Boolean(showTotal)}
        aria-describedby={showTotal ? ids.totalError : ids.hint}
      />
      {showTotal ? (
        <p id={ids.totalError} className="field-error">
          {totalError}
        </p>
      ) : (
        <p id={ids.hint} className="hint">
          {r.decimalHint}
        </p>
      )}
      <label htmlFor={ids.outside}>{r.hoursOutsideInput}</label>
      <input
        id={ids.outside}
        inputMode="decimal"
        autoComplete="off"
        value={outside}
        onChange={(e) => setOutside(e.target.value)}
        aria-invalid={Boolean(showOutside)}
        aria-describedby={showOutside ? ids.outsideError : undefined}
      />
      {showOutside && (
        <p id={ids.outsideError} className="field-error">
          {outsideError}
        </p>
      )}
      <button type="submit" disabled={record.isPending}>
        {r.saveHours}
      </button>
      {saved && <p role="status">{saved}</p>}
      {record.isError && (
        <p role="alert">{messages.centres.failed(errorText(record.error, messages.work.problems))}</p>
      )}
    </form>
  );
}

const costCategories: CostCategory[] = ["premises", "food", "transport", "other"];

/** A cost of the activation: premises, food, transport or other, in kronor. */
function CostForm({ user, activationId }: { user: SignedInUser; activationId: string }) {
  const { messages } = useI18n();
  const r = messages.afterWorkRecord;
  const record = useRecordCost(activationId);
  const [category, setCategory] = useState<CostCategory>("premises");
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const ids = { form: useId(), category: useId(), amount: useId(), amountError: useId(), note: useId() };
  const value = parseDecimal(amount);
  const amountError = value === undefined || value > 100_000_000 ? r.amountInvalid : undefined;
  const showAmount = submitted && amountError;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (amountError || value === undefined) {
      document.getElementById(ids.amount)?.focus();
      return;
    }
    record.mutate(
      { organisationId: user.organisationId, category, amountSek: value, note: note.trim() },
      {
        onSuccess: () => {
          setAmount("");
          setNote("");
          setSubmitted(false);
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h3 id={ids.form}>{r.costHeading}</h3>
      <label htmlFor={ids.category}>{r.category}</label>
      <select
        id={ids.category}
        value={category}
        onChange={(e) => setCategory(e.target.value as CostCategory)}
      >
        {costCategories.map((c) => (
          <option key={c} value={c}>
            {r.categories[c]}
          </option>
        ))}
      </select>
      <label htmlFor={ids.amount}>{r.amount}</label>
      <input
        id={ids.amount}
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        onChange={(e) => {
          setAmount(e.target.value);
          record.reset();
        }}
        aria-invalid={Boolean(showAmount)}
        aria-describedby={showAmount ? ids.amountError : undefined}
      />
      {showAmount && (
        <p id={ids.amountError} className="field-error">
          {amountError}
        </p>
      )}
      <label htmlFor={ids.note}>{r.note}</label>
      <input id={ids.note} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      <button type="submit" disabled={record.isPending}>
        {r.saveCost}
      </button>
      {record.isSuccess && <p role="status">{r.costSaved}</p>}
      {record.isError && (
        <p role="alert">{messages.centres.failed(errorText(record.error, messages.work.problems))}</p>
      )}
    </form>
  );
}

/** The activation's figures as reporting sums them: participants, hours, costs, debriefs. */
function Summary({ activationId }: { activationId: string }) {
  const { messages } = useI18n();
  const r = messages.afterWorkRecord;
  const summary = useActivationSummary(activationId);
  const id = useId();
  const sek = useMemo(
    () =>
      new Intl.NumberFormat(messages.locale, {
        style: "currency",
        currency: "SEK",
        minimumFractionDigits: 0,
        maximumFractionDigits: 2,
      }),
    [messages.locale],
  );
  const hours = (n: number) => n.toLocaleString(messages.locale, { maximumFractionDigits: 2 });
  const s = summary.data;
  const debriefs = s ? s.debriefs.offered + s.debriefs.accepted + s.debriefs.declined + s.debriefs.held : 0;
  const debriefStates = [
    ["offered", r.debriefsWaiting],
    ["accepted", r.debriefsAccepted],
    ["declined", r.debriefsDeclined],
    ["held", r.debriefsHeld],
  ] as const;
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{r.summaryHeading}</h3>
      {summary.isError && <p role="alert">{r.noSummary}</p>}
      {s && (
        <table aria-labelledby={id}>
          <tbody>
            <tr>
              <th scope="row">{r.participants}</th>
              <td>{s.participants}</td>
            </tr>
            <tr>
              <th scope="row">{r.hoursTotal}</th>
              <td>{hours(s.hours)}</td>
            </tr>
            <tr>
              <th scope="row">{r.hoursOutsideTotal}</th>
              <td>{hours(s.hoursOutsideWorkingTime)}</td>
            </tr>
            {s.centreShifts && s.centreShifts.shifts > 0 && (
              <tr className="row--part">
                <th scope="row">{r.hoursFromShifts(s.centreShifts.shifts)}</th>
                <td>
                  {hours(s.centreShifts.hours)} ({hours(s.centreShifts.hoursOutsideWorkingTime)})
                </td>
              </tr>
            )}
            {costCategories.map((c) => (
              <tr key={c}>
                <th scope="row">{r.categories[c]}</th>
                <td>{sek.format(s.costsSek[c])}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{r.costsTotal}</th>
              <td>
                <strong>{sek.format(s.costsSek.total)}</strong>
              </td>
            </tr>
            <tr>
              <th scope="row">{r.debriefs}</th>
              <td>{debriefs}</td>
            </tr>
            {debriefStates.map(([state, label]) => (
              <tr key={state} className="row--part">
                <th scope="row">{label}</th>
                <td>{s.debriefs[state]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function EvaluationForm({ user, activationId }: { user: SignedInUser; activationId: string }) {
  const { messages } = useI18n();
  const t = messages.afterWork;
  const create = useCreateEvaluation();
  const [owner, setOwner] = useState(user.name);
  const [due, setDue] = useState(() => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  const [whatHappened, setWhatHappened] = useState("");
  const [whatWorked, setWhatWorked] = useState("");
  const [whatToChange, setWhatToChange] = useState("");
  const [lessons, setLessons] = useState("");
  const ids = {
    form: useId(),
    owner: useId(),
    due: useId(),
    happened: useId(),
    worked: useId(),
    change: useId(),
    lessons: useId(),
    lessonsHint: useId(),
  };
  const invalid = owner.trim() === "" || due === "";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    create.mutate(
      {
        organisationId: user.organisationId,
        activationIds: [activationId],
        ownerName: owner.trim(),
        dueAt: new Date(`${due}T12:00:00`).toISOString(),
        whatHappened: whatHappened.trim(),
        whatWorked: whatWorked.trim(),
        whatToChange: whatToChange.trim(),
        lessons: lessons
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean),
      },
      {
        // The evaluation is in the list below now: the form is ready for the next one.
        onSuccess: () => {
          setWhatHappened("");
          setWhatWorked("");
          setWhatToChange("");
          setLessons("");
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h3 id={ids.form}>{t.evaluationHeading}</h3>
      <label htmlFor={ids.owner}>{t.owner}</label>
      <input
        id={ids.owner}
        value={owner}
        onChange={(e) => setOwner(e.target.value)}
        aria-invalid={owner.trim() === ""}
      />
      <label htmlFor={ids.due}>{t.due}</label>
      <input id={ids.due} type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      <label htmlFor={ids.happened}>{t.whatHappened}</label>
      <textarea
        id={ids.happened}
        rows={2}
        value={whatHappened}
        onChange={(e) => setWhatHappened(e.target.value)}
      />
      <label htmlFor={ids.worked}>{t.whatWorked}</label>
      <textarea id={ids.worked} rows={2} value={whatWorked} onChange={(e) => setWhatWorked(e.target.value)} />
      <label htmlFor={ids.change}>{t.whatToChange}</label>
      <textarea
        id={ids.change}
        rows={2}
        value={whatToChange}
        onChange={(e) => setWhatToChange(e.target.value)}
      />
      <label htmlFor={ids.lessons}>{t.lessons}</label>
      <textarea
        id={ids.lessons}
        rows={2}
        value={lessons}
        onChange={(e) => setLessons(e.target.value)}
        aria-describedby={ids.lessonsHint}
      />
      <p id={ids.lessonsHint} className="hint">
        {t.lessonsHint}
      </p>
      <button type="submit" disabled={create.isPending || invalid}>
        {t.createEvaluation}
      </button>
      {create.isSuccess && <p role="status">{t.evaluationCreated}</p>}
      {create.isError && (
        <p role="alert">{messages.centres.failed(errorText(create.error, messages.work.problems))}</p>
      )}
    </form>
  );
}

function Evaluations({ user }: { user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.afterWork;
  const r = messages.afterWorkRecord;
  const evaluations = useEvaluations();
  const update = useUpdateEvaluation();
  const id = useId();
  const writes = hasRole(user, "posom-lead", "pkl-lead", "ledningsgrupp", "region-tib");
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{t.evaluations}</h3>
      {evaluations.isSuccess && evaluations.data.length === 0 && <p>{t.noEvaluations}</p>}
      <ul aria-labelledby={id}>
        {(evaluations.data ?? []).map((e) => (
          <li key={e.id}>
            {e.ownerName} · {t.due}: <IncidentTime at={e.dueAt} dateOnly /> · {t.evaluationStatuses[e.status]}
            {e.completedAt && (
              <>
                {" "}
                ({r.completed} <IncidentTime at={e.completedAt} />)
              </>
            )}
            {e.joint && ` · ${t.joint}`}
            {e.overdue && e.status === "open" && (
              <strong className="overdue"> {messages.overview.overdue}</strong>
            )}
            {writes && e.status === "open" && e.organisationIds.includes(user.organisationId) && (
              <>
                {" "}
                <button
                  type="button"
                  className="inline"
                  aria-label={r.markDone(e.ownerName)}
                  disabled={update.isPending}
                  onClick={() =>
                    update.mutate({ id: e.id, body: { organisationId: user.organisationId, status: "done" } })
                  }
                >
                  {r.markDoneText}
                </button>
              </>
            )}
            {e.lessons.length > 0 && (
              <ul>
                {e.lessons.map((lesson) => (
                  <li key={lesson}>{lesson}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {update.isSuccess && <p role="status">{r.markedDone}</p>}
      {update.isError && (
        <p role="alert">{messages.centres.failed(errorText(update.error, messages.work.problems))}</p>
      )}
    </section>
  );
}
