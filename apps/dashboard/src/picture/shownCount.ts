/**
 * A count of affected people as shown outside the organisation that holds it: the services send
 * "<5" or the band's lower end (a multiple of 5, see `suppressCount` in the contracts); the band is
 * shown whole, "5–9", so nobody reads 5 as exact. Exact counts (the operator's own) show as they are.
 */
export function shownCount(value: number | "<5", suppressed = true): string {
  if (value === "<5" || !suppressed) return String(value);
  return `${value}–${value + 4}`;
}

/**
 * The time of day (HH:MM, the browser's zone) of the occupancy clock's tick that published another
 * organisation's counts: they are not live (docs/suppression.md), and have held since then.
 */
export function clockTime(iso: string): string {
  return new Intl.DateTimeFormat("sv-SE", { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}
