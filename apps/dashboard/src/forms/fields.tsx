import { type ReactNode, useId } from "react";
import {
  type FieldError,
  type FieldErrors,
  type FieldValues,
  get,
  type RegisterOptions,
  useFormContext,
} from "react-hook-form";

/**
 * The pieces every form is built from, inside a react-hook-form `FormProvider`: a label tied to its
 * control, an optional hint, and the field's error (the contract's, or the service's refusal) under
 * it, announced through aria-describedby and aria-invalid. They render as siblings so the `.form`
 * grid lays them out as before.
 */

/** The first message at or below a path ("location" shows a refused "location.lat"). */
export function errorAt(errors: FieldErrors, name: string): FieldError | undefined {
  const found: unknown = get(errors, name);
  const visit = (node: unknown): FieldError | undefined => {
    if (!node || typeof node !== "object") return undefined;
    if ("message" in node && typeof node.message === "string") return node as FieldError;
    for (const [key, child] of Object.entries(node)) {
      if (key === "ref") continue;
      const inner = visit(child);
      if (inner) return inner;
    }
    return undefined;
  };
  return visit(found);
}

export interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  /**
   * The form's own words for a wrong value, instead of the contract's (a refusal keeps its own);
   * a function gets the contract's issue code ("custom" for a rule across fields, e.g. end after start).
   */
  invalidText?: InvalidText;
}

interface ControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

/** Label, control, hint and error of one field; the control comes from `children`. */
export function FieldShell({
  name,
  label,
  hint,
  invalidText,
  children,
}: FieldProps & {
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const { formState } = useFormContext();
  const error = errorAt(formState.errors, name);
  const message = messageOf(error, invalidText);
  // A hint that states the rule ("at least two characters") turns red rather than being repeated.
  const hintIsError = message !== undefined && message === hint;
  const separate = hintIsError ? undefined : message;
  const described = [hint ? `${id}-hint` : undefined, separate ? `${id}-error` : undefined].filter(Boolean);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        "aria-invalid": error !== undefined,
        "aria-describedby": described.length > 0 ? described.join(" ") : undefined,
      })}
      {hint && (
        <p id={`${id}-hint`} className={hintIsError ? "field-error" : "hint"}>
          {hint}
        </p>
      )}
      <FieldMessage id={`${id}-error`} text={separate} />
    </>
  );
}

/** A field's error line; also for a group (a fieldset of check boxes) that has no single control. */
export function FieldMessage({ id, text }: { id?: string; text: string | undefined }) {
  return text ? (
    <p id={id} className="field-error">
      {text}
    </p>
  ) : null;
}

/** The error of a group of controls at `name`, as a message (for its fieldset). */
export function useFieldMessage(
  name: string,
  invalidText?: InvalidText,
  errors?: FieldErrors,
): string | undefined {
  const context = useFormContext();
  const error = errorAt(errors ?? context.formState.errors, name);
  return messageOf(error, invalidText);
}

/**
 * Errors the form sets itself keep their words: a refusal ("server") and a rule across fields
 * ("rule", e.g. hours outside working time more than all hours); the contract's may be replaced
 * by the form's own text for the field.
 */
export type InvalidText = string | ((code: string) => string);
function messageOf(error: FieldError | undefined, invalidText: InvalidText | undefined): string | undefined {
  if (!error) return undefined;
  if (error.type === "server" || error.type === "rule") return error.message;
  return (typeof invalidText === "function" ? invalidText(error.type) : invalidText) ?? error.message;
}

type InputAttributes = Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "id">;

export function TextField({
  options,
  ...field
}: FieldProps & InputAttributes & { options?: RegisterOptions<FieldValues, string> }) {
  const { register } = useFormContext();
  const { name, label, hint, invalidText, ...attributes } = field;
  return (
    <FieldShell name={name} label={label} hint={hint} invalidText={invalidText}>
      {(control) => <input {...attributes} {...control} {...register(name, options)} />}
    </FieldShell>
  );
}

/** A whole number typed as digits; the form holds a number (NaN when empty: "Fyll i"). */
export function NumberField(props: FieldProps & InputAttributes) {
  return <TextField type="number" inputMode="numeric" options={{ valueAsNumber: true }} {...props} />;
}

/** A decimal number as typed here (a comma, spaces between thousands); the form holds the text. */
export function DecimalField(
  props: FieldProps & InputAttributes & { options?: RegisterOptions<FieldValues, string> },
) {
  return <TextField inputMode="decimal" autoComplete="off" {...props} />;
}

export function TextAreaField({
  rows,
  maxLength,
  ...field
}: FieldProps & { rows?: number; maxLength?: number }) {
  const { register } = useFormContext();
  const { name, label, hint, invalidText } = field;
  return (
    <FieldShell name={name} label={label} hint={hint} invalidText={invalidText}>
      {(control) => <textarea rows={rows} maxLength={maxLength} {...control} {...register(name)} />}
    </FieldShell>
  );
}

export function SelectField({
  choices,
  onChange,
  ...field
}: FieldProps & {
  choices: readonly { value: string; label: string }[];
  /** After the form has the new value (e.g. to fill other fields from the choice). */
  onChange?: (value: string) => void;
}) {
  const { register } = useFormContext();
  const { name, label, hint, invalidText } = field;
  return (
    <FieldShell name={name} label={label} hint={hint} invalidText={invalidText}>
      {(control) => (
        <select {...control} {...register(name, { onChange: (e) => onChange?.(e.target.value) })}>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
