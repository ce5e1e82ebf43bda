import {
  type CentreCounts,
  nextPublishedCounts,
  type SuppressedCentreCounts,
  suppressCount,
} from "@krisstod/contracts";

/**
 * What the organisations outside a centre's operators see of its counts: what the centre last
 * published (its occupancy events carry the same), by the rule of `nextPublishedCounts` — bands of
 * 5, the live figures held. Responses must not show the counts banded afresh: polling them would
 * give away the history the held figures keep back.
 */
export function shownOutside(published: unknown, counts: CentreCounts): SuppressedCentreCounts {
  if (!published) return nextPublishedCounts(null, counts);
  const stored = published as SuppressedCentreCounts;
  // Published before the rounding to bands of 5: round again.
  return Object.fromEntries(
    Object.entries(stored).map(([key, value]) => [key, suppressCount(value)]),
  ) as unknown as SuppressedCentreCounts;
}

export function sameCounts(a: SuppressedCentreCounts, b: SuppressedCentreCounts): boolean {
  return (Object.keys(b) as (keyof SuppressedCentreCounts)[]).every((key) => a[key] === b[key]);
}
