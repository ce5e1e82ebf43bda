import { z } from "zod";
import type { Language } from "../i18n/I18nProvider.tsx";
import type { Messages } from "../i18n/messages.ts";

type Issue = z.core.$ZodRawIssue;
const zodLocales = { sv: z.locales.sv().localeError, en: z.locales.en().localeError };

/**
 * A contract's complaint about one field in the user's words: the common ones (empty, too short,
 * too long, too small, too large) from the catalogue, anything rarer in zod's own Swedish or English.
 * Passed to the contract's parse as its error map, so the form shows it under the field.
 */
export function issueText(issue: Issue, language: Language, m: Messages["forms"]): string {
  const input: unknown = issue.input;
  const minimum = "minimum" in issue ? Number(issue.minimum) : undefined;
  const maximum = "maximum" in issue ? Number(issue.maximum) : undefined;
  const origin = "origin" in issue ? issue.origin : undefined;
  const empty = input === undefined || input === null || (typeof input === "number" && Number.isNaN(input));
  if (issue.code === "invalid_type" && empty) return m.required;
  if (issue.code === "too_small" && minimum !== undefined) {
    if (origin === "string") return minimum <= 1 ? m.required : m.minLength(minimum);
    if (origin === "array" || origin === "set") return m.minItems(minimum);
    if (origin === "number" || origin === "int") return m.min(minimum);
  }
  if (issue.code === "too_big" && maximum !== undefined) {
    if (origin === "string") return m.maxLength(maximum);
    if (origin === "array" || origin === "set") return m.maxItems(maximum);
    if (origin === "number" || origin === "int") return m.max(maximum);
  }
  if (issue.code === "invalid_type" && issue.expected === "int") return m.whole;
  // A pattern, a date or an id that does not match: zod's words would show the pattern.
  if (issue.code === "invalid_format" || issue.code === "invalid_value") return m.invalid;
  const fallback = zodLocales[language](issue);
  return (typeof fallback === "string" ? fallback : fallback?.message) ?? m.invalid;
}
