import { type Centre, CreateShiftBody, type Person, type Shift, ShiftClockBody } from "@krisstod/contracts";
import { useId, useMemo } from "react";
import { FormProvider } from "react-hook-form";
import { errorText } from "../api/errors.ts";
import { fullName, useDeployedPeople, usePeople } from "../api/people.ts";
import { useClockShift, usePlanShift, useShifts } from "../api/staffing.ts";
import { hasRole, type SignedInUser } from "../auth/session.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { SelectField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
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

interface ShiftValues {
  personId: string;
  /** datetime-local, Stockholm time. */
  plannedStart: string;
  plannedEnd: string;
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
  const form = useContractForm({
    schema: CreateShiftBody,
    toBody: (values: ShiftValues): CreateShiftBody => {
      const chosen = candidates.find((c) => c.person.id === values.personId);
      return {
        personId: values.personId,
        personName: chosen ? fullName(chosen.person) : "",
        homeOrganisationId: chosen?.person.organisationId ?? "",
        viaMutualAid: chosen?.viaMutualAid ?? false,
        // Stockholm wall-clock time; not a time goes as typed, for the contract to name.
        plannedStart: stockholmLocalToIso(values.plannedStart) ?? values.plannedStart,
        plannedEnd: stockholmLocalToIso(values.plannedEnd) ?? values.plannedEnd,
      };
    },
    defaultValues: {
      personId: "",
      plannedStart: isoToStockholmLocal(new Date()),
      plannedEnd: isoToStockholmLocal(new Date(Date.now() + 4 * 3_600_000)),
    },
  });
  const submit = form.handleSubmit((body) =>
    plan.mutate(body, {
      onSuccess: () => form.reset({ ...form.getValues(), personId: "" }),
      onError: form.showRefusal,
    }),
  );

  return (
    <FormFrame form={form} onSubmit={submit} heading={t.planHeading(centre.name)} level={5}>
      {own.isError && <p role="alert">{t.peopleFailed(errorText(own.error, messages.work.problems))}</p>}
      <SelectField
        name="personId"
        label={t.person}
        invalidText={t.personRequired}
        onChange={() => plan.reset()}
        choices={[
          { value: "", label: t.choosePerson },
          ...candidates.map(({ person, viaMutualAid }) => ({
            value: person.id,
            label: `${fullName(person)} – ${person.workplace}${viaMutualAid ? ` (${t.viaMutualAid})` : ""}`,
          })),
        ]}
      />
      <div className="form__pair">
        <span>
          <TextField name="plannedStart" label={t.start} type="datetime-local" invalidText={t.timeInvalid} />
        </span>
        <span>
          <TextField
            name="plannedEnd"
            label={t.end}
            type="datetime-local"
            hint={t.timeHint}
            invalidText={(code) => (code === "custom" ? t.endBeforeStart : t.timeInvalid)}
          />
        </span>
      </div>
      <button type="submit" disabled={plan.isPending}>
        {t.plan}
      </button>
      {plan.isSuccess && <p role="status">{t.planned}</p>}
      {plan.isError && (
        <p role="alert">{messages.centres.failed(errorText(plan.error, messages.work.problems))}</p>
      )}
    </FormFrame>
  );
}

function ShiftTable({ centre }: { centre: Centre }) {
  const { messages } = useI18n();
  const t = messages.staffing;
  const shifts = useShifts(centre.id);
  const clock = useClockShift(centre.id);
  // One clock time for whichever row's button is pressed next: empty is now.
  const form = useContractForm({
    schema: ShiftClockBody,
    toBody: (values: { at: string }) =>
      values.at === "" ? {} : { at: recentStockholmTime(values.at) ?? values.at },
    defaultValues: { at: "" },
  });
  const tableId = useId();
  const rows = shifts.data ?? [];
  const press = (shift: Shift, kind: "check-in" | "check-out") =>
    form.handleSubmit((body) =>
      clock.mutate(
        { shiftId: shift.id, kind, ...body },
        { onSuccess: () => form.reset(), onError: form.showRefusal },
      ),
    )();
  const closed = centre.status === "closed";
  return (
    <FormProvider {...form}>
      <h5 id={tableId}>{t.shifts(centre.name)}</h5>
      {rows.length > 0 && !closed && (
        <div className="clock-time">
          <TextField name="at" type="time" label={t.clockTime} hint={t.clockTimeHint} />
        </div>
      )}
      <DataTable
        labelledBy={tableId}
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
    </FormProvider>
  );
}
