/** Singular and plural of a word, chosen by the language's plural rules (Intl.PluralRules). */
export interface Forms {
  one: string;
  other: string;
}

const rules = new Map<string, Intl.PluralRules>();

/** The form of `forms` that goes with `count` in `locale`: "1 person", "2 personer". */
export function pick(locale: string, count: number, forms: Forms): string {
  let rule = rules.get(locale);
  if (!rule) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  return rule.select(count) === "one" ? forms.one : forms.other;
}

/**
 * "1 person", "3 personer": the count and the form that goes with it. A suppressed count ("<5")
 * takes the plural.
 */
export function count(locale: string, value: number | string, forms: Forms): string {
  return `${value} ${typeof value === "number" ? pick(locale, value, forms) : forms.other}`;
}

/** Swedish counts. */
export const sv = (value: number | string, one: string, other: string) =>
  count("sv-SE", value, { one, other });
/** English counts. */
export const en = (value: number | string, one: string, other: string) =>
  count("en-GB", value, { one, other });
