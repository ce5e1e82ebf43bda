import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useRef } from "react";
import {
  type DefaultValues,
  type FieldErrors,
  type FieldPath,
  type FieldValues,
  get,
  type Resolver,
  set,
  type UseFormReturn,
  useForm,
} from "react-hook-form";
import type { z } from "zod";
import { ApiError } from "../api/client.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { issueText } from "./issueText.ts";

export interface ContractFormOptions<Values extends FieldValues, Schema extends z.ZodType> {
  /** The request body's schema from @krisstod/contracts: the rules the service applies, checked here first. */
  schema: Schema;
  /**
   * The body the form would send, from what is typed (a date-time field to ISO, check boxes to a
   * list). Fields named as the body's keys get the contract's complaints at the same path.
   */
  toBody: (values: Values) => z.input<Schema>;
  defaultValues: DefaultValues<Values>;
  /** When to check: on submit (then as corrected), or from a field's first blur on ("onTouched"). */
  mode?: "onSubmit" | "onTouched";
  /**
   * Rules the contract cannot hold but the service applies (a personnummer's check digit): each
   * field's message in the user's words, or undefined when it is right. Checked with the schema;
   * a field the schema already refuses keeps the schema's complaint.
   */
  rules?: (values: Values) => Partial<Record<FieldPath<Values>, string | undefined>>;
}

export type ContractForm<Values extends FieldValues, Schema extends z.ZodType> = UseFormReturn<
  Values,
  unknown,
  z.output<Schema>
> & {
  /**
   * Shows a refusal's field errors (problem+json `errors[].field`) at those fields; the form's
   * alert line still says what the refusal was (errorText).
   */
  showRefusal: (error: unknown) => void;
};

/**
 * react-hook-form over a contract schema: validation on submit (and again as a refused field is
 * corrected), messages in the user's language, the handler receiving the parsed body.
 */
export function useContractForm<Values extends FieldValues, Schema extends z.ZodType>({
  schema,
  toBody,
  defaultValues,
  mode = "onSubmit",
  rules,
}: ContractFormOptions<Values, Schema>): ContractForm<Values, Schema> {
  const { language, messages } = useI18n();
  // toBody is usually an inline function reading props: the latest one maps, the resolver stays.
  const toBodyNow = useRef(toBody);
  toBodyNow.current = toBody;
  const rulesNow = useRef(rules);
  rulesNow.current = rules;
  const resolver = useMemo((): Resolver<Values, unknown, z.output<Schema>> => {
    const parse = zodResolver(schema as z.ZodType<z.output<Schema>, FieldValues>, {
      error: (issue) => issueText(issue, language, messages.forms),
    });
    return async (values, context, options) => {
      const result = await parse(toBodyNow.current(values) as FieldValues, context, options as never);
      const broken = Object.entries(rulesNow.current?.(values) ?? {}).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string",
      );
      type Result = Awaited<ReturnType<Resolver<Values, unknown, z.output<Schema>>>>;
      if (broken.length === 0) return result as Result;
      // Type "rule": the field shows these words, not the form's text for a contract complaint.
      const errors = { ...result.errors } as FieldErrors<Values>;
      for (const [field, message] of broken) {
        if (!get(errors, field)) set(errors, field, { type: "rule", message });
      }
      return { values: {}, errors } as Result;
    };
  }, [schema, language, messages.forms]);
  const form = useForm<Values, unknown, z.output<Schema>>({ resolver, defaultValues, mode });
  const showRefusal = (error: unknown) => {
    if (!(error instanceof ApiError)) return;
    for (const { field } of error.problem?.errors ?? []) {
      form.setError(field as FieldPath<Values>, { type: "server", message: messages.forms.refused });
    }
  };
  return { ...form, showRefusal };
}
