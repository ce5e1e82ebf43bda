import { InvalidError } from "@krisstod/http";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import Personnummer from "personnummer";

/**
 * A Swedish personal identity number or coordination number (samordningsnummer), checked with its
 * Luhn check digit and normalised to 12 digits (YYYYMMDDNNNN). The number itself never appears in
 * an error message.
 */
export function normalisePersonnummer(value: string, field: string): string {
  const options = { allowCoordinationNumber: true, allowInterimNumber: false };
  // One parse (it throws what `valid` would refuse), not `valid` and then `parse`.
  let parsed: Personnummer;
  try {
    parsed = Personnummer.parse(value, options);
  } catch {
    throw new InvalidError(`The ${field} is not a valid Swedish personal identity number.`, [
      { field, message: "not a valid personnummer or samordningsnummer (check digit or date)" },
    ]);
  }
  return parsed.format(true);
}

/** A phone number as E.164; Swedish numbers may be written nationally ("070-123 45 67"). */
export function normalisePhone(value: string, field: string): string {
  const phone = parsePhoneNumberFromString(value, "SE");
  if (!phone?.isValid()) {
    throw new InvalidError(`The ${field} is not a valid phone number.`, [
      { field, message: "not a valid phone number" },
    ]);
  }
  return phone.number;
}
