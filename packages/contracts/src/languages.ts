import { z } from "zod";

/**
 * Languages: a visitor's language is a BCP 47 tag ("sv", "ar", "prs", "ar-SY"), a roster person's
 * an ISO 639 code ("ar", "ara"). Both are compared by their canonical primary language, so that a
 * Dari-speaking visitor ("prs") finds a Persian speaker ("fa") and "ara" equals "ar".
 */
export const LanguageTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag like sv or ar");

/**
 * The canonical primary language of a tag, lower-case: "ar-SY" → "ar", "ara" → "ar", "prs" → "fa",
 * "per" → "fa", "swe" → "sv". Canonicalisation is CLDR's (Intl.Locale), not a hand-kept table; a
 * tag Intl cannot read is returned lower-cased as it is.
 */
export function normaliseLanguage(tag: string): string {
  try {
    return new Intl.Locale(tag).language.toLowerCase();
  } catch {
    return tag.toLowerCase();
  }
}

/** Whether someone who speaks any of `spoken` speaks `language`. */
export function speaksLanguage(spoken: readonly string[], language: string): boolean {
  const wanted = normaliseLanguage(language);
  return spoken.some((s) => normaliseLanguage(s) === wanted);
}
