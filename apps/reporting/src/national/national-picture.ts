import {
  type EventEnvelope,
  type NationalCounts,
  type NationalCounty,
  type NationalPicture,
  type SuppressedCount,
  suppressCount,
} from "@krisstod/contracts";

/**
 * The national picture as a fold over events (#23). The hub's national stream holds every county's
 * events, each county's in its own order, the counties interleaved as their leaf links delivered
 * them; the fold keeps one state per county and only sets values (never adds to them), so a county's
 * figures depend on its own events alone and an event seen twice changes nothing. That is what lets
 * the national picture equal the counties' pictures after a cut link has caught up, and the national
 * totals equal the sum of the counties' (national-picture.test.ts).
 *
 * Counts only (DESIGN.md: "Other organisations, Länsstyrelsen included, see counts"); visitors are the
 * centres' published bands added up ("<5" adds nothing), banded again with the one rule
 * (`suppressCount`, docs/suppression.md), so nothing is shown that the county picture did not show.
 */
interface CountyState {
  incidents: Map<string, { organisationId: string; open: boolean }>;
  activations: Map<string, { organisationId: string; underWay: boolean; accepted: number }>;
  centres: Map<string, { organisationId: string; open: boolean; present: SuppressedCount }>;
  lastEventAt: string | null;
}

export type NationalState = Map<string, CountyState>;

export function emptyNationalState(): NationalState {
  return new Map();
}

const county = (state: NationalState, code: string): CountyState => {
  let c = state.get(code);
  if (!c) {
    c = { incidents: new Map(), activations: new Map(), centres: new Map(), lastEventAt: null };
    state.set(code, c);
  }
  return c;
};

/** Reads only the fields it needs, so an event of a newer schema version does not stop the fold. */
const field = <T>(data: unknown, key: string): T | undefined =>
  data && typeof data === "object" ? ((data as Record<string, unknown>)[key] as T | undefined) : undefined;

export function applyNationalEvent(state: NationalState, event: EventEnvelope): void {
  const c = county(state, event.countyCode);
  if (!c.lastEventAt || event.occurredAt > c.lastEventAt) c.lastEventAt = event.occurredAt;
  const { data } = event;
  const [area] = event.type.split(".");
  if (area === "incident") {
    const id = field<string>(data, "id");
    if (id)
      c.incidents.set(id, { organisationId: event.organisationId, open: field(data, "status") === "open" });
    return;
  }
  if (area === "activation") {
    const id = field<string>(data, "activationId");
    if (!id) return;
    const before = c.activations.get(id) ?? {
      organisationId: event.organisationId,
      underWay: true,
      accepted: 0,
    };
    const status = field<string>(data, "status");
    const accepted = field<{ accepted?: number }>(data, "counts")?.accepted;
    c.activations.set(id, {
      organisationId: before.organisationId,
      underWay: event.type === "activation.closed" || status === "closed" ? false : before.underWay,
      accepted: typeof accepted === "number" ? accepted : before.accepted,
    });
    return;
  }
  if (event.type === "centre.changed" || event.type === "centre.occupancy-changed") {
    const id = field<string>(data, "centreId");
    if (!id) return;
    const before = c.centres.get(id) ?? { organisationId: event.organisationId, open: false, present: "<5" };
    const status = field<string>(data, "status");
    const present = field<{ present?: SuppressedCount }>(data, "counts")?.present;
    c.centres.set(id, {
      organisationId: before.organisationId,
      open: status === undefined ? before.open : status === "open",
      // Banded again: events from before the bands may carry exact figures of 5 or more.
      present: present === undefined ? before.present : suppressCount(present),
    });
  }
}

/** Figures before banding: visitors as the sum of published bands ("<5" as 0). */
interface RawCounts extends Omit<NationalCounts, "visitorsPresent"> {
  visitorsPresent: number;
}

const zero = (): RawCounts => ({
  incidentsOpen: 0,
  activationsUnderWay: 0,
  peopleAccepted: 0,
  centresOpen: 0,
  visitorsPresent: 0,
});

const add = (a: RawCounts, b: RawCounts): RawCounts => ({
  incidentsOpen: a.incidentsOpen + b.incidentsOpen,
  activationsUnderWay: a.activationsUnderWay + b.activationsUnderWay,
  peopleAccepted: a.peopleAccepted + b.peopleAccepted,
  centresOpen: a.centresOpen + b.centresOpen,
  visitorsPresent: a.visitorsPresent + b.visitorsPresent,
});

const shown = (raw: RawCounts): NationalCounts => ({
  ...raw,
  visitorsPresent: suppressCount(raw.visitorsPresent),
});

function byOrganisation(c: CountyState): Map<string, RawCounts> {
  const out = new Map<string, RawCounts>();
  const of = (organisationId: string) => {
    let counts = out.get(organisationId);
    if (!counts) {
      counts = zero();
      out.set(organisationId, counts);
    }
    return counts;
  };
  for (const i of c.incidents.values()) if (i.open) of(i.organisationId).incidentsOpen++;
  for (const a of c.activations.values()) {
    if (!a.underWay) continue;
    const counts = of(a.organisationId);
    counts.activationsUnderWay++;
    counts.peopleAccepted += a.accepted;
  }
  for (const centre of c.centres.values()) {
    if (!centre.open) continue;
    const counts = of(centre.organisationId);
    counts.centresOpen++;
    counts.visitorsPresent += centre.present === "<5" ? 0 : centre.present;
  }
  return out;
}

export function nationalPicture(
  state: NationalState,
  options: {
    now: Date;
    /** Seconds since the hub last heard from each county's stream (from the national stream's sources). */
    linkSilentSeconds?: ReadonlyMap<string, number>;
    /** Counties to show even before any event of theirs arrived (the hub's configured sources). */
    counties?: readonly string[];
  },
): NationalPicture {
  const codes = [...new Set([...(options.counties ?? []), ...state.keys()])].sort();
  let national = zero();
  const counties: NationalCounty[] = codes.map((code) => {
    const c = state.get(code);
    const organisations = c ? [...byOrganisation(c)].sort(([a], [b]) => a.localeCompare(b)) : [];
    const totals = organisations.reduce((sum, [, counts]) => add(sum, counts), zero());
    national = add(national, totals);
    return {
      countyCode: code,
      totals: shown(totals),
      organisations: organisations.map(([organisationId, counts]) => ({ organisationId, ...shown(counts) })),
      lastEventAt: c?.lastEventAt ?? null,
      linkSilentSeconds: options.linkSilentSeconds?.get(code) ?? null,
    };
  });
  return { generatedAt: options.now.toISOString(), totals: shown(national), counties };
}
