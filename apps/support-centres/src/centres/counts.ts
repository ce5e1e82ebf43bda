import { type SuppressedCentreCounts, suppressCount } from "@krisstod/contracts";

/** What a centre shows outside before its first publication: nothing but "<5". */
const NOTHING_YET: SuppressedCentreCounts = {
  present: "<5",
  total: "<5",
  children: "<5",
  registered: "<5",
  anonymous: "<5",
  unaccompaniedChildren: "<5",
  phoneContacts: "<5",
};

/**
 * What the organisations outside a centre's operators see of its counts: what the occupancy clock
 * last published (occupancy-clock.ts; its events carry the same), never the live counts — banded
 * afresh on each request, they would tell a poller when each change happened, which the clock
 * keeps back.
 */
export function shownOutside(published: unknown): SuppressedCentreCounts {
  if (!published) return NOTHING_YET;
  const stored = published as SuppressedCentreCounts;
  // Published before the rounding to bands of 5: round again.
  return Object.fromEntries(
    Object.entries(stored).map(([key, value]) => [key, suppressCount(value)]),
  ) as unknown as SuppressedCentreCounts;
}

export function sameCounts(a: SuppressedCentreCounts, b: SuppressedCentreCounts): boolean {
  return (Object.keys(b) as (keyof SuppressedCentreCounts)[]).every((key) => a[key] === b[key]);
}
