import type { CentreCounts } from "@krisstod/contracts";

/**
 * What an organisation outside a support centre can work out from the centre's suppressed counts:
 * the exact set of values each figure can have had at each moment, given every observation it
 * received in order and everything it knows about how the figures relate —
 *
 * - each shown figure lies in its band ("<5": 0–4, n: n…n+4; `band` below);
 * - at every moment total = registered + anonymous, children ≤ total, present ≤ total,
 *   unaccompanied children ≤ children and ≤ present;
 * - over time total, registered, anonymous, children, adults (total − children) and departed
 *   (total − present) never decrease; present and unaccompanied children go both ways.
 *
 * It solves these constraints exactly by dynamic programming over the observations: a state is
 * (total, registered, children, present) with every value inside its band (5⁴ states at most), kept
 * when some consistent history runs through it, forwards and backwards. A figure is *derived* when
 * only one value is left for it.
 */

/** A shown count: "<5" or a number (the lower end of its band under bands, else exact). */
export type Shown = number | "<5";
export interface ShownCounts {
  present: Shown;
  total: Shown;
  children: Shown;
  registered: Shown;
  anonymous: Shown;
  unaccompaniedChildren: Shown;
}

/** The cells the observer may try to learn, shown or derived. */
export const CELLS = [
  "total",
  "registered",
  "anonymous",
  "children",
  "present",
  "unaccompaniedChildren",
  "adults",
  "departed",
] as const;
export type Cell = (typeof CELLS)[number];

/** How the observer reads a shown figure: a band of 5 for rounded counts, one value for exact ones. */
export type Reading = "bands" | "exact";

function range(value: Shown, reading: Reading): [number, number] {
  if (value === "<5") return [0, 4];
  return reading === "bands" ? [value, value + 4] : [value, value];
}

interface State {
  t: number;
  r: number;
  c: number;
  p: number;
}
const between = (v: number, [lo, hi]: [number, number]) => v >= lo && v <= hi;

/**
 * Every value each cell can have had at each observation. `withPresent: false` solves without the
 * figure of visitors present now (and so without departed), for the claim about the rest.
 */
export function feasibleValues(
  observations: readonly ShownCounts[],
  reading: Reading,
  withPresent = true,
): Map<Cell, Set<number>>[] {
  const bands = observations.map((o) => ({
    t: range(o.total, reading),
    r: range(o.registered, reading),
    a: range(o.anonymous, reading),
    c: range(o.children, reading),
    p: withPresent ? range(o.present, reading) : ([0, 0] as [number, number]),
    u: range(o.unaccompaniedChildren, reading),
  }));
  const fits = (s: State, u: number) => u <= s.c && (!withPresent || u <= s.p);
  const unaccompaniedFits = (b: (typeof bands)[number], s: State) => {
    for (let u = b.u[0]; u <= b.u[1]; u++) if (fits(s, u)) return true;
    return false;
  };
  const statesAt = bands.map((b) => {
    const states: State[] = [];
    for (let t = b.t[0]; t <= b.t[1]; t++)
      for (let r = b.r[0]; r <= Math.min(b.r[1], t); r++) {
        if (!between(t - r, b.a)) continue;
        for (let c = b.c[0]; c <= Math.min(b.c[1], t); c++)
          for (let p = b.p[0]; p <= Math.min(b.p[1], t); p++) {
            const s = { t, r, c, p };
            if (unaccompaniedFits(b, s)) states.push(s);
          }
      }
    return states;
  });
  // Everything cumulative never decreases from one observation to the next.
  const canFollow = (a: State, b: State) =>
    b.t >= a.t &&
    b.r >= a.r &&
    b.t - b.r >= a.t - a.r &&
    b.c >= a.c &&
    b.t - b.c >= a.t - a.c &&
    (!withPresent || b.t - b.p >= a.t - a.p);
  const n = statesAt.length;
  const forward: State[][] = [];
  for (let i = 0; i < n; i++) {
    const here = statesAt[i] ?? [];
    forward.push(
      i === 0 ? here : here.filter((s) => (forward[i - 1] ?? []).some((prev) => canFollow(prev, s))),
    );
  }
  const alive: State[][] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const here = forward[i] ?? [];
    alive[i] =
      i === n - 1 ? here : here.filter((s) => (alive[i + 1] ?? []).some((next) => canFollow(s, next)));
  }
  return alive.map((states, i) => {
    const b = bands[i];
    const values = new Map<Cell, Set<number>>(CELLS.map((cell) => [cell, new Set<number>()]));
    for (const s of states ?? []) {
      values.get("total")?.add(s.t);
      values.get("registered")?.add(s.r);
      values.get("anonymous")?.add(s.t - s.r);
      values.get("children")?.add(s.c);
      values.get("adults")?.add(s.t - s.c);
      if (withPresent) {
        values.get("present")?.add(s.p);
        values.get("departed")?.add(s.t - s.p);
      }
      if (b)
        for (let u = b.u[0]; u <= b.u[1]; u++) if (fits(s, u)) values.get("unaccompaniedChildren")?.add(u);
    }
    return values;
  });
}

/** The value of each cell in exact counts. */
export function cellValue(counts: CentreCounts, cell: Cell): number {
  if (cell === "adults") return counts.total - counts.children;
  if (cell === "departed") return counts.total - counts.present;
  return counts[cell];
}

export interface Disclosure {
  observation: number;
  cell: Cell;
  value: number;
}

/**
 * The figures below 5 that the observer can pin to one value: for each observation, each cell whose
 * true value is under 5 and for which only one value is consistent with everything observed.
 */
export function disclosures(
  truth: readonly CentreCounts[],
  observed: readonly ShownCounts[],
  reading: Reading,
  withPresent = true,
): Disclosure[] {
  const feasible = feasibleValues(observed, reading, withPresent);
  const found: Disclosure[] = [];
  const cells = CELLS.filter((cell) => withPresent || (cell !== "present" && cell !== "departed"));
  feasible.forEach((values, i) => {
    const counts = truth[i];
    if (!counts) return;
    for (const cell of cells) {
      const value = cellValue(counts, cell);
      const set = values.get(cell);
      if (value < 5 && set?.size === 1) found.push({ observation: i, cell, value });
      // The true history is always consistent: if it is not among the feasible ones, the model is wrong.
      if (!set?.has(value)) throw new Error(`observer model excludes the truth: ${cell}=${value} at ${i}`);
    }
  });
  return found;
}
