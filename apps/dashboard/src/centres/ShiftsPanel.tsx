import type { Centre, Person, Shift } from "@krisstod/contracts";
import { type FormEvent, useId, useMemo, useState } from "react";
import { errorText } from "../api/errors.ts";
import { fullName, useDeployedPeople, usePeople } from "../api/people.ts";
import { useClockShift, usePlanShift, useShifts } from "../api/staffing.ts";
import { hasRole, type SignedInUser } from "../auth/session.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";
import { DataTable } from "../layout/DataTable.tsx";
import {
  formatMinutes,
  isoToStockholmLocal,
  recentStockholmTime,
  stockholmLocalToIso,
} from "../work/workTime.ts";

/**
 * Staffing of one centre: plan a shift for a person of the own roster (or one deployed to us under
 * mutual aid), the shifts with planned, checked-in and -out times and the time worked, and
 * check-in / check-out (now, or at a forgotten clock time).
 */
export function ShiftsPanel({ centre, user }: { centre: Centre; user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.staffing;
  const headingId = useId();
  const sees = hasRole(user, "posom-lead", "pkl-lead", "ledningsgrupp", "centre-staff", "support-person");
  const plans = hasRole(user, "posom-lead", "pkl-lead", "ledningsgrupp") && centre.status !== "closed";
  if (!sees) return null;
  return (
    <section aria-labelledby={headingId} className="staffing">
      <h4 id={headingId}>{t.heading(centre.name)}</h4>
      {plans && <PlanShiftForm centre={centre} user={user} />}
      <ShiftTable centre={centre} />
    </section>
  );
}

interface Candidate {
  person: Person;
  viaMutualAid: boolean;
}

function PlanShiftForm({ centre, user }: { centre: Centre; user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.staffing;
  const own = usePeople(user.organisationId);
  const deployed = useDeployedPeople(user.organisationId, hasRole(user, "posom-lead", "pkl-lead"));
  const plan = usePlanShift(centre.id);
  const candidates = useMemo<Candidate[]>(() => {
    const byName = (a: Person, b: Person) =>
      a.familyName.localeCompare(b.familyName, "sv") || a.givenName.localeCompare(b.givenName, "sv");
    return [
      ...(own.data ?? [])
        .filter((p) => p.active)
        .sort(byName)
        .map((person) => ({ person, viaMutualAid: false })),
      ...(deployed.data ?? []).sort(byName).map((person) => ({ person, viaMutualAid: true })),
    ];
  }, [own.data, deployed.data]);
  const [personId, setPersonId] = useState("");
  const [start, setStart] = useState(() => isoToStockholmLocal(new Date()));
  const [end, setEnd] = useState(() => isoToStockholmLocal(new Date(Date.now() + 4 * 3_600_000)));
  const [submitted, setSubmitted] = useState(false);
  const ids = {
    form: useId(),
    person: useId(),
    personError: useId(),
    start: useId(),
    end: useId(),
    endError: useId(),
    hint: useId(),
  };
  const chosen = candidates.find((c) => c.person.id === personId);
  const startIso = stockholmLocalToIso(start);
  const endIso = stockholmLocalToIso(end);
  const personError = chosen ? undefined : t.personRequired;
  const endError =
    !startIso || !endIso
      ? t.timeInvalid
      : Date.parse(endIso) <= Date.parse(startIso)
        ? t.endBeforeStart
        : undefined;
  const showPerson = submitted && personError;
  const showEnd = submitted && endError;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!chosen || endError || !startIso || !endIso) {
      document.getElementById(personError ? ids.person : ids.end)?.focus();
      return;
    }
    plan.mutate(
      {
        personId: chosen.person.id,
        personName: fullName(chosen.person),
        homeOrganisationId: chosen.person.organisationId,
        viaMutualAid: chosen.viaMutualAid,
        plannedStart: startIso,
        plannedEnd: endIso,
      },
      {
        onSuccess: () => {
          setPersonId("");
          setSubmitted(false);
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} aria-labelledby={ids.form} noValidate>
      <h5 id={ids.form}>{t.planHeading(centre.name)}</h5>
      {own.isError && <p role="alert">{t.peopleFailed(errorText(own.error, messages.work.problems))}</p>}
      <label htmlFor={ids.person}>{t.person}</label>
      <select
        id={ids.person}
        value={personId}
        onChange={(e) => {
          setPersonId(e.target.value);
          plan.reset();
        }}
        aria-invalid={Boolean(showPerson)}
        aria-describedby={showPerson ? ids.personError : undefined}
      >
        <option value="">{t.choosePerson}</option>
        {candidates.map(({ person, viaMutualAid }) => (
          <option key={person.id} value={person.id}>
            {`${fullName(person)} – ${person.workplace}${viaMutualAid ? ` (${t.viaMutualAid})` : ""}`}
          </option>
        ))}
      </select>
      {showPerson && (
        <p id={ids.personError} className="field-error">
          {personError}
        </p>
      )}
      <div className="form__pair">
        <span>
          <label htmlFor={ids.start}>{t.start}</label>
          <input
            id={ids.start}
            type="datetime-local"
            value={start}
            onChange={(e) => setStart(e.target.value)}
            aria-describedby={ids.hint}
          />
        </span>
        <span>
          <label htmlFor={ids.end}>{t.end}</label>
          <input
            id={ids.end}
            type="datetime-local"
            value={end}
            onChange={(e) => setEnd(e.target.value)}
            aria-invalid={Boolean(showEnd)}
            aria-describedby={showEnd ? ids.endError : ids.hint}
          />
        </span>
      </div>
      {showEnd ? (
        <p id={ids.endError} className="field-error">
          {endError}
        </p>
      ) : (
        <p id={ids.hint} className="hint">
          {t.timeHint}
        </p>
      )}
      <button type="submit" disabled={plan.isPending}>
        {t.plan}
      </button>
      {plan.isSuccess && <p role="status">{t.planned}</p>}
      {plan.isError && (
        <p role="alert">{messages.centres.failed(errorText(plan.error, messages.work.problems))}</p>
      )}
    </form>
  );
}

function ShiftTable({ centre }: { centre: Centre }) {
  const { messages } = useI18n();
  const t = messages.staffing;
  const shifts = useShifts(centre.id);
  const clock = useClockShift(centre.id);
  const [time, setTime] = useState("");
  const ids = { table: useId(), time: useId(), timeHint: useId() };
  const rows = shifts.data ?? [];
  const press = (shift: Shift, kind: "check-in" | "check-out") => {
    const at = time ? recentStockholmTime(time) : undefined;
    clock.mutate({ shiftId: shift.id, kind, ...(at ? { at } : {}) }, { onSuccess: () => setTime("") });
  };
  const closed = centre.status === "closed";
  return (
    <>
      <h5 id={ids.table}>{t.shifts(centre.name)}</h5>
      {rows.length > 0 && !closed && (
        <p className="clock-time">
          <label htmlFor={ids.time}>{t.clockTime}</label>{" "}
          <input
            id={ids.time}
            type="time"
            value={time}
            onChange={(e) => setTime(e.target.value)}
            aria-describedby={ids.timeHint}
          />
          <span id={ids.timeHint} className="hint">
            {" "}
            {t.clockTimeHint}
          </span>
        </p>
      )}
      <DataTable
        labelledBy={ids.table}
        columns={[
          t.person,
          t.plannedTime,
          t.checkedIn,
          t.checkedOut,
          t.worked,
          ...(closed ? [] : [t.clockColumn]),
        ]}
        status={{ query: shifts, rows: rows.length, empty: t.noShifts }}
      >
        {rows.map((s) => (
          <tr key={s.id}>
            <th scope="row">
              {s.personName}
              {s.viaMutualAid && <span className="muted"> ({t.viaMutualAid})</span>}
            </th>
            <td>
              <IncidentTime at={s.plannedStart} />–<IncidentTime at={s.plannedEnd} />
            </td>
            <td>{s.checkedInAt ? <IncidentTime at={s.checkedInAt} /> : t.notYet}</td>
            <td>{s.checkedOutAt ? <IncidentTime at={s.checkedOutAt} /> : t.notYet}</td>
            <td>
              {s.minutesWorked === null ? (
                t.notYet
              ) : (
                <>
                  {formatMinutes(s.minutesWorked, t.duration)}
                  {(s.minutesOutsideOrdinaryHours ?? 0) > 0 && (
                    <span className="muted">
                      {" "}
                      ({t.outsideOrdinary(formatMinutes(s.minutesOutsideOrdinaryHours ?? 0, t.duration))})
                    </span>
                  )}
                </>
              )}
            </td>
            {!closed && (
              <td>
                {!s.checkedInAt && (
                  <button
                    type="button"
                    className="inline"
                    aria-label={t.checkIn(s.personName)}
                    disabled={clock.isPending}
                    onClick={() => press(s, "check-in")}
                  >
                    {t.checkInText}
                  </button>
                )}
                {s.checkedInAt && !s.checkedOutAt && (
                  <button
                    type="button"
                    className="inline secondary"
                    aria-label={t.checkOut(s.personName)}
                    disabled={clock.isPending}
                    onClick={() => press(s, "check-out")}
                  >
                    {t.checkOutText}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </DataTable>
      {clock.isError && (
        <p role="alert">{messages.centres.failed(errorText(clock.error, messages.work.problems))}</p>
      )}
    </>
  );
}
