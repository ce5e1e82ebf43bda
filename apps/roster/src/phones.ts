import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

/**
 * Normalises a phone number as people write it ("070-123 45 67", "+46 70 123 45 67") to E.164.
 * Numbers without a country code are read as Swedish. The full metadata set ("max") is used so
 * that a number is checked against real number ranges, not only its length.
 */
export function normalisePhone(input: string): PhoneResult {
  const text = input.trim();
  if (text === "") return { ok: false, reason: "saknas" };
  const parsed = parsePhoneNumberFromString(text, "SE");
  if (!parsed?.isValid()) return { ok: false, reason: `"${text}" är inte ett giltigt telefonnummer` };
  return { ok: true, e164: parsed.number };
}
