import type { PictureIncident } from "@krisstod/contracts";
import type { ReactNode } from "react";
import { useId } from "react";
import { useFormContext } from "react-hook-form";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { FieldMessage, SelectField, useFieldMessage } from "./fields.tsx";

/** The "Händelse" select of a form whose body names the incident (`incidentId`). */
export function IncidentField({
  incidents,
  onChange,
}: {
  incidents: readonly Pick<PictureIncident, "id" | "title">[];
  onChange?: (id: string) => void;
}) {
  const { messages } = useI18n();
  return (
    <SelectField
      name="incidentId"
      label={messages.activation.incident}
      choices={incidents.map((i) => ({ value: i.id, label: i.title }))}
      {...(onChange ? { onChange } : {})}
    />
  );
}

/**
 * Check boxes that make one list field (`name`: the chosen values): municipalities affected or
 * served, neighbours asked. The list's error (none chosen) is said in the fieldset.
 */
export function CheckboxGroup({
  name,
  legend,
  options,
  invalidText,
  errorName = name,
  disabled = false,
  className,
  itemsClassName,
  labelClassName,
  children,
}: {
  name: string;
  legend: ReactNode;
  options: readonly { value: string; label: ReactNode; disabled?: boolean }[];
  invalidText?: string;
  /** Where the contract puts the list's error when the body names it otherwise (`addressedTo`). */
  errorName?: string;
  disabled?: boolean;
  className?: string;
  /** Boxes in a `<div>` of this class (a grid of them), else straight in the fieldset. */
  itemsClassName?: string;
  labelClassName?: string;
  /** More controls in the same fieldset (e.g. "the whole county"). */
  children?: ReactNode;
}) {
  const { watch, setValue, formState } = useFormContext();
  const chosen: string[] = watch(name) ?? [];
  const error = useFieldMessage(errorName, invalidText);
  const errorId = useId();
  const toggle = (value: string, on: boolean) =>
    setValue(name, on ? [...chosen, value] : chosen.filter((x) => x !== value), {
      shouldValidate: formState.isSubmitted,
    });
  const boxes = options.map((option) => (
    <label key={option.value} className={labelClassName}>
      <input
        type="checkbox"
        checked={chosen.includes(option.value)}
        disabled={disabled || option.disabled}
        onChange={(e) => toggle(option.value, e.target.checked)}
      />{" "}
      {option.label}
    </label>
  ));
  return (
    <fieldset className={className} aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {itemsClassName ? <div className={itemsClassName}>{boxes}</div> : boxes}
      {children}
      <FieldMessage id={errorId} text={error} />
    </fieldset>
  );
}
