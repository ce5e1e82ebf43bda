import { countyNames, type IncidentKind } from "@krisstod/contracts";

/**
 * Swedish wording for the exports a county officer sends on: dates in Swedish time and format,
 * names of counties and of the organisations known by slug. Unknown organisations keep their id,
 * so an export never fails on a name it lacks.
 */

const TIME_ZONE = "Europe/Stockholm";
const dateTime = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  dateStyle: "long",
  timeStyle: "short",
});
const dateOnly = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, dateStyle: "long" });
const isoDay = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const isoMinute = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** "3 juni 2026 kl. 14:05" in Swedish time (summer or winter). */
export const swedishDateTime = (at: string | Date): string => dateTime.format(new Date(at));
/** "3 juni 2026". */
export const swedishDate = (at: string | Date): string => dateOnly.format(new Date(at));
/** "2026-06-03 14:05" (Swedish time), for table cells and CSV. */
export const swedishTimestamp = (at: string | Date): string => isoMinute.format(new Date(at));
/** "2026-06-03" (Swedish date), for file names. */
export const swedishDay = (at: string | Date): string => isoDay.format(new Date(at));

/** Decimal comma, as Swedish spreadsheets read numbers ("12,5"). */
export const swedishNumber = (value: number): string =>
  new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 2, useGrouping: false }).format(value);

export { countyName } from "@krisstod/contracts";

const municipalities: Record<string, string> = {
  "1315": "Hylte kommun",
  "1380": "Halmstads kommun",
  "1381": "Laholms kommun",
  "1382": "Falkenbergs kommun",
  "1383": "Varbergs kommun",
  "1384": "Kungsbacka kommun",
  "1278": "Båstads kommun",
};
const regions: Record<string, string> = { "12": "Region Skåne", "13": "Region Halland" };

export const municipalityName = (code: string): string => municipalities[code] ?? `kommun ${code}`;

/** "kommun-1380" → "Halmstads kommun", "lansstyrelsen-13" → "Länsstyrelsen i Hallands län". */
export function organisationName(organisationId: string): string {
  const [kind, code = ""] = organisationId.split(/-(.*)/s);
  if (kind === "kommun" && municipalities[code]) return municipalities[code];
  if (kind === "region" && regions[code]) return regions[code];
  if (kind === "lansstyrelsen" && countyNames[code]) return `Länsstyrelsen i ${countyNames[code]}`;
  return organisationId;
}

export const incidentKinds: Record<IncidentKind, string> = {
  accident: "Olycka",
  fire: "Brand",
  violence: "Våld",
  suicide: "Suicid",
  "natural-disaster": "Naturolycka",
  infrastructure: "Störning i samhällsviktig verksamhet",
  abroad: "Händelse utomlands",
  other: "Annan händelse",
};
