import { type CostCategory, RecordCostBody } from "@krisstod/contracts";
import { useRecordCost } from "../api/afterWork.ts";
import { errorText } from "../api/errors.ts";
import type { SignedInUser } from "../auth/session.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { DecimalField, SelectField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { parseDecimal } from "../work/workTime.ts";

/** The kinds of cost recorded after an activation (premises, food, transport …), in display order. */
export const costCategories: CostCategory[] = ["premises", "food", "transport", "other"];

interface CostValues {
  category: CostCategory;
  /** Kronor as typed, decimal comma allowed. */
  amountSek: string;
  note: string;
}

/** A cost of the activation: premises, food, transport or other, in kronor. */
export function CostForm({ user, activationId }: { user: SignedInUser; activationId: string }) {
  const { messages } = useI18n();
  const r = messages.afterWorkRecord;
  const record = useRecordCost(activationId);
  const form = useContractForm({
    schema: RecordCostBody,
    toBody: (values: CostValues): RecordCostBody => ({
      ...values,
      organisationId: user.organisationId,
      amountSek: parseDecimal(values.amountSek) ?? Number.NaN,
    }),
    defaultValues: { category: "premises", amountSek: "", note: "" },
  });
  const submit = form.handleSubmit((body) =>
    record.mutate(body, {
      onSuccess: () => form.reset({ ...form.getValues(), amountSek: "", note: "" }),
      onError: form.showRefusal,
    }),
  );
  return (
    <FormFrame form={form} onSubmit={submit} heading={r.costHeading}>
      <SelectField
        name="category"
        label={r.category}
        choices={costCategories.map((c) => ({ value: c, label: r.categories[c] }))}
      />
      <DecimalField
        name="amountSek"
        label={r.amount}
        invalidText={r.amountInvalid}
        options={{ onChange: () => record.reset() }}
      />
      <TextField name="note" label={r.note} maxLength={500} />
      <button type="submit" disabled={record.isPending}>
        {r.saveCost}
      </button>
      {record.isSuccess && <p role="status">{r.costSaved}</p>}
      {record.isError && (
        <p role="alert">{messages.centres.failed(errorText(record.error, messages.work.problems))}</p>
      )}
    </FormFrame>
  );
}
