import { type ActionPlan, ActionPlanBody } from "@krisstod/contracts";
import { useActionPlan, useReviewActionPlan } from "../api/actionPlan.ts";
import { errorText } from "../api/errors.ts";
import type { SignedInUser } from "../auth/session.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextAreaField } from "../forms/fields.tsx";
import { linesOf } from "../forms/lines.ts";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";

/**
 * Laholm 3.2: "Upprätta operativ handlingsplan och hålla larmlistor aktuella"; Lekeberg: "hålla
 * handlingsplan, checklistor och larmlistor uppdaterade". The leads keep the plan as a checklist of
 * steps; saving it, or confirming it unchanged, marks it reviewed.
 */
export function ActionPlanForm({ user }: { user: SignedInUser }) {
  const plan = useActionPlan(user.organisationId);
  if (!plan.data) return null;
  // Started from the plan as stored when it is first known.
  return <PlanForm key={user.organisationId} user={user} plan={plan.data} />;
}

function PlanForm({ user, plan }: { user: SignedInUser; plan: ActionPlan }) {
  const { messages } = useI18n();
  const t = messages.actionPlan;
  const review = useReviewActionPlan(user.organisationId);
  const form = useContractForm({
    schema: ActionPlanBody,
    toBody: ({ steps }: { steps: string }) => ({ steps: linesOf(steps) }),
    defaultValues: { steps: plan.steps.join("\n") },
  });
  const submit = form.handleSubmit((body) => review.mutate(body, { onError: form.showRefusal }));
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.heading}>
      <p className="hint">{t.intro}</p>
      <p>
        {plan.reviewedAt ? (
          <>
            {t.reviewedAt} <IncidentTime at={plan.reviewedAt} />
          </>
        ) : (
          t.none
        )}
      </p>
      <TextAreaField name="steps" label={t.steps} hint={t.stepsHint} rows={8} invalidText={t.stepsRequired} />
      <div className="form__buttons">
        <button type="submit" disabled={review.isPending}>
          {t.save}
        </button>{" "}
        {plan.steps.length > 0 && (
          <button
            type="button"
            className="secondary"
            disabled={review.isPending}
            onClick={() => review.mutate(undefined)}
          >
            {t.confirm}
          </button>
        )}
      </div>
      {review.isSuccess && <p role="status">{t.saved}</p>}
      {review.isError && <p role="alert">{errorText(review.error, messages.work.problems)}</p>}
    </FormFrame>
  );
}
