/**
 * Pure helpers of the work screens (after-work hours and costs, centre shifts): numbers as Swedes
 * type them and times in Swedish local time (Europe/Stockholm), whatever the browser's own zone.
 */

export const TIME_ZONE = "Europe/Stockholm";

/** Whole hours and the minutes left over: 95 → { hours: 1, minutes: 35 }. Negative counts as 0. */
export function splitMinutes(total: number): { hours: number; minutes: number } {
  const whole = Math.max(0, Math.round(total));
  return { hours: Math.floor(whole / 60), minutes: whole % 60 };
}

/** Minutes as the catalogue says a duration ("1 tim 35 min"): `format` gets hours and minutes. */
export function formatMinutes(total: number, format: (hours: number, minutes: number) => string): string {
  const { hours, minutes } = splitMinutes(total);
  return format(hours, minutes);
}

/**
 * A number as typed in a Swedish form: decimal comma or point, spaces as thousands separators
 * ("7,5", "1 250", "1 250,50"). Anything else (empty, letters, two separators) is undefined.
 */
export function parseDecimal(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(compact)) return undefined;
  return Number(compact);
}

const wallClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** The Stockholm wall clock at an instant, as fields. */
function wallFields(at: number) {
  const parts = Object.fromEntries(wallClock.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far Stockholm's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(at: number): number {
  const w = wallFields(at);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

/**
 * A Stockholm wall-clock time from a `datetime-local` field ("2026-11-28T14:30") as an ISO
 * instant. In the autumn's repeated hour the first (summer-time) instant is taken; a time skipped
 * in spring moves forward by the hour. Undefined when the text is not such a time.
 */
export function stockholmLocalToIso(local: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets in force a few hours either side; an instant is right when its own offset is the
  // one it was computed with. Both right: the repeated hour (take the earlier). Neither: the gap.
  const before = offsetAt(asUtc - 3 * 3_600_000);
  const after = offsetAt(asUtc + 3 * 3_600_000);
  const right = [before, after].map((o) => asUtc - o).filter((t) => asUtc - t === offsetAt(t));
  return new Date(right.length > 0 ? Math.min(...right) : asUtc - before).toISOString();
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant as a Stockholm `datetime-local` value ("2026-11-28T14:30"). */
export function isoToStockholmLocal(at: string | Date): string {
  const w = wallFields(new Date(at).getTime());
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Today's date in Stockholm, as a date field takes it ("2026-11-28"), wherever the browser is. */
export function stockholmToday(now: Date = new Date()): string {
  return isoToStockholmLocal(now).slice(0, 10);
}

/**
 * A forgotten check-in or check-out time ("14:05", Stockholm time): the most recent such moment
 * not after `now` — today's, or yesterday's when today's has not come yet. Undefined for bad text.
 */
export function recentStockholmTime(hhmm: string, now: Date = new Date()): string | undefined {
  if (!/^\d{2}:\d{2}$/.test(hhmm)) return undefined;
  const today = isoToStockholmLocal(now).slice(0, 10);
  const candidate = stockholmLocalToIso(`${today}T${hhmm}`);
  if (!candidate) return undefined;
  if (Date.parse(candidate) <= now.getTime()) return candidate;
  const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return stockholmLocalToIso(`${yesterday}T${hhmm}`);
}
