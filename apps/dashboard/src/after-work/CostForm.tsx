import type { CostCategory } from "@krisstod/contracts";
import { type FormEvent, useId, useState } from "react";
import { useRecordCost } from "../api/afterWork.ts";
import { errorText } from "../api/errors.ts";
import type { SignedInUser } from "../auth/session.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { parseDecimal } from "../work/workTime.ts";

/** The kinds of cost recorded after an activation (premises, food, transport …), in display order. */
export const costCategories: CostCategory[] = ["premises", "food", "transport", "other"];

/** A cost of the activation: premises, food, transport or other, in kronor. */
export function CostForm({ user, activationId }: { user: SignedInUser; activationId: string }) {
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
