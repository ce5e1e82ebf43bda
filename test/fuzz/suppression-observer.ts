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
 * - read "per-change" (the occupancy events before the clock), each observation is exactly one change
 *   after a state that still showed the observation before.
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
 * for a number, "published" bands with the live figures held (`nextPublishedCounts`), any number of
 * changes between two observations — all a receiver knows of figures published on a clock.
 * "per-change" reads them as the occupancy events were sent before the clock: each in the
 * transaction of the one change that moved a published figure, so each observation is exactly one
 * change after a state that still showed the observation before (the centre starts at zero).
 */
export type Reading = "bands" | "exact" | "published" | "per-change";

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
  if ((reading !== "published" && reading !== "per-change") || !before) return band;
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
 * One change as a step of (total, registered, children, present, unaccompanied): an adult or a
 * child arrives, registered or not (a child with a guardian already there is not unaccompanied); a
 * visitor leaves or a child is handed over; a guardian is linked to an unaccompanied child.
 */
const CHANGES: State[] = [
  { t: 1, r: 1, c: 0, p: 1, u: 0 },
  { t: 1, r: 0, c: 0, p: 1, u: 0 },
  { t: 1, r: 1, c: 1, p: 1, u: 1 },
  { t: 1, r: 0, c: 1, p: 1, u: 1 },
  { t: 1, r: 1, c: 1, p: 1, u: 0 },
  { t: 1, r: 0, c: 1, p: 1, u: 0 },
  { t: 0, r: 0, c: 0, p: -1, u: 0 },
  { t: 0, r: 0, c: 0, p: -1, u: -1 },
  { t: 0, r: 0, c: 0, p: 0, u: -1 },
];
const undo = (s: State, d: State): State => ({
  t: s.t - d.t,
  r: s.r - d.r,
  c: s.c - d.c,
  p: s.p - d.p,
  u: s.u - d.u,
});
const possible = (s: State) =>
  s.r >= 0 &&
  s.r <= s.t &&
  s.c >= 0 &&
  s.c <= s.t &&
  s.p >= 0 &&
  s.p <= s.t &&
  s.u >= 0 &&
  s.u <= Math.min(s.c, s.p);

/**
 * A state in which a centre, having published `shown`, publishes nothing new after a change: the
 * cumulative figures still in their bands, the held live figures in theirs or above.
 */
function stillShows(shown: ShownCounts, s: State): boolean {
  return (
    between(s.t, range(shown.total, "bands")) &&
    between(s.r, range(shown.registered, "bands")) &&
    between(s.t - s.r, range(shown.anonymous, "bands")) &&
    between(s.c, range(shown.children, "bands")) &&
    s.p >= range(shown.present, "bands")[0] &&
    s.u >= range(shown.unaccompaniedChildren, "bands")[0]
  );
}

/**
 * The "per-change" reading: each observation one change after a state that still showed the one
 * before, any number of changes that published nothing in between. A relaxation of the publishing
 * process (the changes between need only be ordered, not each checked), so it keeps every history
 * that could have been: what it pins, the receiver of per-change events could pin.
 */
function perChange(observations: readonly ShownCounts[], statesAt: State[][]): State[][] {
  const n = statesAt.length;
  const zero: State = { t: 0, r: 0, c: 0, p: 0, u: 0 };
  const forward: State[][] = [];
  for (let i = 0; i < n; i++) {
    const here = statesAt[i] ?? [];
    if (i === 0) {
      // The first event: one change after the empty centre.
      const first = (s: State) => CHANGES.some((d) => JSON.stringify(undo(s, d)) === JSON.stringify(zero));
      forward.push(here.filter(first));
      continue;
    }
    const shown = observations[i - 1] as ShownCounts;
    const mins = front((forward[i - 1] ?? []).map(key), true);
    forward.push(
      here.filter((s) =>
        CHANGES.some((d) => {
          const before = undo(s, d);
          return possible(before) && stillShows(shown, before) && mins.some((m) => leq(m, key(before)));
        }),
      ),
    );
  }
  const alive: State[][] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const here = forward[i] ?? [];
    if (i === n - 1) {
      alive[i] = here;
      continue;
    }
    const shown = observations[i] as ShownCounts;
    const befores = (alive[i + 1] ?? [])
      .flatMap((s) => CHANGES.map((d) => undo(s, d)))
      .filter((before) => possible(before) && stillShows(shown, before));
    const maxes = front(befores.map(key), false);
    alive[i] = here.filter((s) => maxes.some((m) => leq(key(s), m)));
  }
  return alive;
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
  if (reading === "per-change") {
    if (!withPresent) throw new Error("the per-change reading needs the present figure");
    return valuesOf(perChange(observations, statesAt), withPresent);
  }
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
  return valuesOf(alive, withPresent);
}

function valuesOf(alive: State[][], withPresent: boolean): Map<Cell, Set<number>>[] {
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

/** Whether any history at all fits what was observed, read this way. */
export function fits(observations: readonly ShownCounts[], reading: Reading): boolean {
  return feasibleValues(observations, reading).every((values) => (values.get("total")?.size ?? 0) > 0);
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
