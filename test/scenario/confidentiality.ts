import type { ScenarioPlan } from "./plan.ts";

/**
 * Issue 6 item 8: events (and the regional picture) carry counts only, never a visitor's name,
 * identity number or phone. The scan looks for every such value the scenario registered, in the
 * notations a service could turn it into, and for anything shaped like a personnummer or a Swedish
 * phone number at all.
 */

/** Each registered visitor's values, in every notation they could take on the way through. */
export function registeredSecrets(plan: ScenarioPlan): { value: string; what: string }[] {
  const secrets: { value: string; what: string }[] = [];
  for (const step of plan.steps) {
    if (step.kind !== "visitor" || !step.body.registration) continue;
    const r = step.body.registration;
    const who = step.key;
    secrets.push({ value: r.name, what: `${who} name` });
    if (r.dateOfBirth) secrets.push({ value: r.dateOfBirth, what: `${who} date of birth` });
    if (r.personnummer) {
      const digits = r.personnummer.replace(/\D/g, "");
      const ten = digits.length === 12 ? digits.slice(2) : digits;
      for (const form of new Set([r.personnummer, digits, ten, `${ten.slice(0, 6)}-${ten.slice(6)}`]))
        secrets.push({ value: form, what: `${who} personnummer` });
    }
    if (r.phone) {
      // The scenario's phones are national ("070-…"); the service stores them as E.164.
      const national = r.phone.replace(/\D/g, "");
      const e164 = `+46${national.replace(/^0/, "")}`;
      for (const form of new Set([r.phone, national, e164, e164.slice(1)]))
        secrets.push({ value: form, what: `${who} phone` });
    }
  }
  return secrets;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** 10 or 12 digits, optional -/+ before the last four, with a real month and day (or day + 60). */
const PERSONNUMMER_SHAPED =
  /(?<![\d.])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?\d{4}(?![\d.])/g;
/** A Swedish phone number: +46… or a national mobile 07x…. */
const PHONE_SHAPED = /\+46\d{6,}|(?<!\d)07\d[- ]?\d{3}[- ]?\d{2}[- ]?\d{2}(?!\d)/g;

/** What in these texts is personal data of a visitor, as "what: found in text" lines (empty = none). */
export function findPersonalData(
  texts: readonly string[],
  secrets: { value: string; what: string }[],
): string[] {
  const found: string[] = [];
  for (const text of texts) {
    for (const secret of secrets) {
      if (text.includes(secret.value))
        found.push(`${secret.what} (${secret.value}) in ${text.slice(0, 200)}`);
    }
    // Event and aggregate ids are UUIDs, whose digit runs could look like a number: take them out.
    const withoutIds = text.replace(UUID, "<id>");
    for (const match of withoutIds.matchAll(PERSONNUMMER_SHAPED))
      found.push(`personnummer-shaped ${match[0]} in ${text.slice(0, 200)}`);
    for (const match of withoutIds.matchAll(PHONE_SHAPED))
      found.push(`phone-shaped ${match[0]} in ${text.slice(0, 200)}`);
  }
  return found;
}
