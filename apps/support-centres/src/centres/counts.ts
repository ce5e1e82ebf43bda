import {
  type CentreCounts,
  type SuppressedCentreCounts,
  type SuppressedCount,
  suppressCount,
} from "@krisstod/contracts";

/** Counts shown outside the organisation that holds them: "<5", else rounded down to 5s (DESIGN.md). */
export function suppress(count: number): SuppressedCount {
  return suppressCount(count);
}

export function suppressCounts(counts: CentreCounts): SuppressedCentreCounts {
  return {
    present: suppress(counts.present),
    total: suppress(counts.total),
    children: suppress(counts.children),
    registered: suppress(counts.registered),
    anonymous: suppress(counts.anonymous),
    unaccompaniedChildren: suppress(counts.unaccompaniedChildren),
    phoneContacts: suppress(counts.phoneContacts),
  };
}

export function sameCounts(a: SuppressedCentreCounts, b: SuppressedCentreCounts): boolean {
  return (Object.keys(a) as (keyof SuppressedCentreCounts)[]).every((key) => a[key] === b[key]);
}
