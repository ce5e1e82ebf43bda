import { type Centre, ChildHandoverBody, type VisitorDetails } from "@krisstod/contracts";
import { useState } from "react";
import { errorText } from "../api/errors.ts";
import { useHandOverChild, useLinkGuardian } from "../api/supportCentres.ts";
import { FormFrame } from "../forms/FormFrame.tsx";
import { SelectField, TextField } from "../forms/fields.tsx";
import { useContractForm } from "../forms/useContractForm.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

type HandoverVerification = ChildHandoverBody["verifiedHow"];
const verifications: HandoverVerification[] = ["id-document", "known-to-staff", "police-confirmed", "other"];

interface HandoverValues {
  handedToName: string;
  handedToRelation: string;
  verifiedHow: HandoverVerification;
}

/**
 * A child in the centre (Halland: "Särskild uppmärksamhet … till barn"): an unaccompanied child
 * gets a guardian linked from the registered adults present, and a child leaves only through a
 * handover, logged with to whom, their relation and how that was checked.
 */
export function ChildCare({
  centre,
  countyCode,
  child,
  label,
  adults,
  onHandedOver,
}: {
  centre: Centre;
  countyCode: string;
  child: VisitorDetails;
  /** How the list of those present names the child. */
  label: string;
  /** The registered adults present: who may be linked as the guardian. */
  adults: VisitorDetails[];
  /** The child was handed over (and leaves this list). */
  onHandedOver: (label: string) => void;
}) {
  const { messages } = useI18n();
  const t = messages.work.visitors;
  const link = useLinkGuardian(countyCode, centre.id);
  const handOver = useHandOverChild(countyCode, centre.id);
  const [guardian, setGuardian] = useState("");
  const form = useContractForm({
    schema: ChildHandoverBody,
    defaultValues: { handedToName: "", handedToRelation: "", verifiedHow: "id-document" },
    toBody: (v: HandoverValues) => v,
  });
  const submit = form.handleSubmit((body) =>
    handOver.mutate(
      { childId: child.id, body },
      { onSuccess: () => onHandedOver(label), onError: form.showRefusal },
    ),
  );
  return (
    <div className="child-care">
      {child.unaccompanied && adults.length > 0 && (
        <p className="form__buttons">
          <label>
            {t.guardian}{" "}
            <select value={guardian} onChange={(event) => setGuardian(event.target.value)}>
              <option value="">{messages.centres.noGuardian}</option>
              {adults.map((adult) => (
                <option key={adult.id} value={adult.id}>
                  {adult.registration?.name}
                </option>
              ))}
            </select>
          </label>{" "}
          <button
            type="button"
            className="secondary"
            disabled={!guardian || link.isPending}
            onClick={() => link.mutate({ childId: child.id, guardianVisitorId: guardian })}
          >
            {t.linkGuardian(label)}
          </button>
        </p>
      )}
      {link.isSuccess && <p role="status">{t.guardianLinked(label)}</p>}
      {link.isError && <p role="alert">{errorText(link.error, messages.work.problems)}</p>}
      <FormFrame form={form} onSubmit={submit} heading={t.handoverHeading(label)} level={5}>
        <TextField name="handedToName" label={t.handedToName} autoComplete="off" />
        <TextField name="handedToRelation" label={t.handedToRelation} autoComplete="off" />
        <SelectField
          name="verifiedHow"
          label={t.verifiedHow}
          choices={verifications.map((v) => ({ value: v, label: t.verifications[v] }))}
        />
        <button type="submit" disabled={handOver.isPending}>
          {t.handOver}
        </button>
        {handOver.isError && <p role="alert">{errorText(handOver.error, messages.work.problems)}</p>}
      </FormFrame>
    </div>
  );
}
