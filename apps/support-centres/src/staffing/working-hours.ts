import { addDays, differenceInMinutes, max, min } from "date-fns";
import { formatInTimeZone, fromZonedTime } from "date-fns-tz";
import Holidays from "date-holidays";

export interface OrdinaryHours {
  /** "HH:mm", local time. */
  start: string;
  end: string;
  timeZone: string;
}

/**
 * Splits worked time into minutes within and outside ordinary working hours (weekdays, between
 * `start` and `end` local time; the rest — evenings, nights, weekends — is paid extra by the
 * municipality). Days are cut at local midnight, so daylight-saving changes count right. Swedish
 * public holidays and the eves that are days off (midsommarafton, julafton, nyårsafton) have no
 * ordinary hours.
 */
export function splitWorkedMinutes(
  from: Date,
  to: Date,
  hours: OrdinaryHours,
): { worked: number; outsideOrdinary: number } {
  const worked = Math.max(0, differenceInMinutes(to, from));
  let ordinary = 0;
  // Walk the local calendar days the interval touches.
  let day = formatInTimeZone(from, hours.timeZone, "yyyy-MM-dd");
  const lastDay = formatInTimeZone(to, hours.timeZone, "yyyy-MM-dd");
  for (let guard = 0; day <= lastDay && guard < 400; guard++) {
    const windowStart = fromZonedTime(`${day}T${hours.start}:00`, hours.timeZone);
    const windowEnd = fromZonedTime(`${day}T${hours.end}:00`, hours.timeZone);
    // Weekday of the local calendar date, independent of the process's own time zone.
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday >= 1 && weekday <= 5 && !isDayOff(day)) {
      const overlapStart = max([from, windowStart]);
      const overlapEnd = min([to, windowEnd]);
      if (overlapEnd > overlapStart) ordinary += differenceInMinutes(overlapEnd, overlapStart);
    }
    day = formatInTimeZone(addDays(new Date(`${day}T12:00:00Z`), 1), "UTC", "yyyy-MM-dd");
  }
  return { worked, outsideOrdinary: worked - ordinary };
}

const swedishHolidays = new Holidays("SE");
const daysOffByYear = new Map<number, Set<string>>();

/** A Swedish public holiday or an eve that is a day off ("bank" in date-holidays). */
function isDayOff(day: string): boolean {
  const year = Number(day.slice(0, 4));
  let daysOff = daysOffByYear.get(year);
  if (!daysOff) {
    daysOff = new Set(
      swedishHolidays
        .getHolidays(year)
        .filter((holiday) => holiday.type === "public" || holiday.type === "bank")
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    daysOffByYear.set(year, daysOff);
  }
  return daysOff.has(day);
}
