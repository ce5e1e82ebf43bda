import type { CentreCounts } from "@krisstod/contracts";

/**
 * What an organisation outside a support centre can work out from the counts the centre publishes:
 * the exact set of values each figure can have had at each moment, given every observation it
 * received in order and everything it knows about how the figures relate and how they are
 * published —
 *
 * - each cumulative figure lies in its band ("<5": 0–4, n: n…n+4; exact numbers when read "exact");
 * - at every moment total = registered + anonymous, children ≤ total, present ≤ total,
 *   unaccompanied children ≤ children and ≤ present;
 * - over time total, registered, anonymous, children, adults (total − children), departed
 *   (total − present) and children no longer unaccompanied (children − unaccompanied) never
 *   decrease; present and unaccompanied children go both ways;
 * - read "published" (contracts, `nextPublishedCounts`), a live figure is the lowest band it has been
 *   in since the figure feeding it (total for present, children for unaccompanied) entered a new
 *   band: where that band changed or the live figure fell, it is the true band; otherwise the true
 *   figure is in that band or above.
 *
 * It solves these constraints exactly by dynamic programming over the observations: a state is
 * (total, registered, children, present, unaccompanied) inside what the observation allows, kept
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

/**
 * How the observer reads what it is shown: "bands" each figure in its band of 5, "exact" one value
 * for a number, "published" bands with the live figures held (`nextPublishedCounts`).
 */
export type Reading = "bands" | "exact" | "published";

type Range = [number, number];
const OPEN = Number.MAX_SAFE_INTEGER;

function range(value: Shown, reading: Reading): Range {
  if (value === "<5") return [0, 4];
  return reading === "exact" ? [value, value] : [value, value + 4];
}
const rank = (value: Shown) => (value === "<5" ? -1 : value);

/** The range a live figure's true value can have at observation `i`. */
function liveRange(
  observations: readonly ShownCounts[],
  i: number,
  reading: Reading,
  live: "present" | "unaccompaniedChildren",
  fedBy: "total" | "children",
): Range {
  const now = observations[i] as ShownCounts;
  const band = range(now[live], reading);
  const before = observations[i - 1];
  if (reading !== "published" || !before) return band;
  if (now[fedBy] !== before[fedBy] || rank(now[live]) < rank(before[live])) return band;
  return [band[0], OPEN];
}

interface State {
  t: number;
  r: number;
  c: number;
  p: number;
  u: number;
}
const between = (v: number, [lo, hi]: Range) => v >= lo && v <= hi;

/** The figures that never decrease, as a vector: one state can follow another iff each is ≥. */
const key = (s: State) => [s.t, s.r, s.t - s.r, s.c, s.t - s.c, s.t - s.p, s.c - s.u];
const leq = (a: number[], b: number[]) => a.every((v, i) => v <= (b[i] as number));

/** The minimal (or maximal) vectors of a set: enough to answer "is some vector ≤ (≥) this one". */
function front(vectors: number[][], lower: boolean): number[][] {
  const kept: number[][] = [];
  for (const v of vectors) {
    const dominated = kept.some((k) => (lower ? leq(k, v) : leq(v, k)));
    if (dominated) continue;
    for (let i = kept.length - 1; i >= 0; i--) {
      const k = kept[i] as number[];
      if (lower ? leq(v, k) : leq(k, v)) kept.splice(i, 1);
    }
    kept.push(v);
  }
  return kept;
}

/**
 * Every value each cell can have had at each observation. `withPresent: false` solves without the
 * figure of visitors present now (and so without departed), for the claim about the rest.
 */
export function feasibleValues(
  observations: readonly ShownCounts[],
  reading: Reading,
  withPresent = true,
): Map<Cell, Set<number>>[] {
  const statesAt = observations.map((o, i) => {
    const t = range(o.total, reading);
    const r = range(o.registered, reading);
    const a = range(o.anonymous, reading);
    const c = range(o.children, reading);
    // Without the present figure, one value stands for all: the total (then u ≤ p always holds).
    const p = withPresent ? liveRange(observations, i, reading, "present", "total") : undefined;
    const u = liveRange(observations, i, reading, "unaccompaniedChildren", "children");
    const states: State[] = [];
    for (let tv = t[0]; tv <= t[1]; tv++)
      for (let rv = r[0]; rv <= Math.min(r[1], tv); rv++) {
        if (!between(tv - rv, a)) continue;
        for (let cv = c[0]; cv <= Math.min(c[1], tv); cv++)
          for (let pv = p ? p[0] : tv; pv <= Math.min(p ? p[1] : tv, tv); pv++)
            for (let uv = u[0]; uv <= Math.min(u[1], cv, pv); uv++)
              states.push({ t: tv, r: rv, c: cv, p: pv, u: uv });
      }
    return states;
  });
  const n = statesAt.length;
  const ordered = (s: State) => {
    const k = key(s);
    if (!withPresent) k[5] = 0;
    return k;
  };
  const forward: State[][] = [];
  for (let i = 0; i < n; i++) {
    const here = statesAt[i] ?? [];
    if (i === 0) {
      forward.push(here);
      continue;
    }
    const mins = front((forward[i - 1] ?? []).map(ordered), true);
    forward.push(here.filter((s) => mins.some((m) => leq(m, ordered(s)))));
  }
  const alive: State[][] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const here = forward[i] ?? [];
    if (i === n - 1) {
      alive[i] = here;
      continue;
    }
    const maxes = front((alive[i + 1] ?? []).map(ordered), false);
    alive[i] = here.filter((s) => maxes.some((m) => leq(ordered(s), m)));
  }
  return alive.map((states) => {
    const values = new Map<Cell, Set<number>>(CELLS.map((cell) => [cell, new Set<number>()]));
    for (const s of states ?? []) {
      values.get("total")?.add(s.t);
      values.get("registered")?.add(s.r);
      values.get("anonymous")?.add(s.t - s.r);
      values.get("children")?.add(s.c);
      values.get("adults")?.add(s.t - s.c);
      values.get("unaccompaniedChildren")?.add(s.u);
      if (withPresent) {
        values.get("present")?.add(s.p);
        values.get("departed")?.add(s.t - s.p);
      }
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
