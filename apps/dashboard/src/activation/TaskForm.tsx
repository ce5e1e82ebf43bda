import { type Activation, AssignTaskBody, type CallOut } from "@krisstod/contracts";
import { useAssignTask } from "../api/activation.ts";
import { errorText } from "../api/errors.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

/**
 * Laholm 3.3: "Stödpersonernas uppdrag är att utföra de uppdrag som ges av ledningsgruppen.
 * Exempelvis: Vara mänskligt stöd till drabbade … Organisera stödcentra." The ledningsgrupp gives
 * one person on duty a task; the service texts it to them and shows it on their own pages. An
 * empty field takes the task back.
 */
export function TaskForm({
  activation,
  callOut,
  onDone,
}: {
  activation: Activation;
  callOut: CallOut;
  onDone: () => void;
}) {
  const { messages } = useI18n();
  const t = messages.activation;
  const assign = useAssignTask(activation.incidentId);
  const form = useContractForm({
    schema: AssignTaskBody,
    defaultValues: { task: callOut.task ?? "" },
    toBody: ({ task }: { task: string }) => ({ task: task.trim() === "" ? null : task }),
  });
  const submit = form.handleSubmit((body) =>
    assign.mutate(
      { activationId: activation.id, personId: callOut.personId, task: body.task },
      { onError: form.showRefusal },
    ),
  );
  return (
    <FormFrame form={form} onSubmit={submit} heading={t.taskHeading(callOut.name)} level={4} className="form">
      <TextField name="task" label={t.task} hint={t.taskHint} maxLength={300} />
      <div className="form__buttons">
        <button type="submit" disabled={assign.isPending}>
          {t.giveTask}
        </button>{" "}
        <button type="button" className="secondary" onClick={onDone}>
          {t.cancel}
        </button>
      </div>
      {assign.isSuccess && (
        <p role="status">{assign.data.task === null ? t.taskTakenBack : t.taskGiven(callOut.name)}</p>
      )}
      {assign.isError && <p role="alert">{errorText(assign.error, messages.work.problems)}</p>}
    </FormFrame>
  );
}
