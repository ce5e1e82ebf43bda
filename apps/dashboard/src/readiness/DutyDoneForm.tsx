import { RecordYearlyDutyBody, YearlyDuty } from "@krisstod/contracts";
import { errorText } from "../api/errors.ts";
import { useRecordYearlyDuty } from "../api/roster.ts";
import type { SignedInUser } from "../auth/session.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { SelectField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { stockholmToday } from "../work/workTime.ts";

interface DutyValues {
  duty: YearlyDuty;
  /** A date (yyyy-mm-dd), today unless changed. */
  on: string;
}

/**
 * A recurring duty recorded as done on a given day: when the system is taken into use, the
 * guideline may have been reviewed in the spring and the network may have met last month; "today"
 * would be untrue and leave the reminders wrong by as much. A day still to come is refused.
 */
export function DutyDoneForm({ user }: { user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.readiness;
  const record = useRecordYearlyDuty(user.organisationId, user.countyCode);
  const form = useContractForm({
    schema: RecordYearlyDutyBody,
    toBody: (v: DutyValues) => ({ duty: v.duty, on: v.on }),
    defaultValues: { duty: "guideline-review", on: stockholmToday() },
  });
  const submit = form.handleSubmit((body) => record.mutate(body, { onError: form.showRefusal }));
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.recordHeading}>
      <SelectField
        name="duty"
        label={t.duty}
        choices={YearlyDuty.options.map((duty) => ({ value: duty, label: t.dutyNames[duty] }))}
      />
      <TextField name="on" label={t.doneOn} type="date" />
      <button type="submit" disabled={record.isPending}>
        {t.record}
      </button>
      {record.isSuccess && <p role="status">{t.recorded}</p>}
      {record.isError && <p role="alert">{errorText(record.error, messages.work.problems)}</p>}
    </FormFrame>
  );
}
