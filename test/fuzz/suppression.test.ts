import { createActivationService } from "@krisstod/activation";
import { natsConnectOptions } from "@krisstod/bus";
import {
  type CentreCounts,
  CentreOccupancyChanged,
  FullRegionalPicture,
  nextPublishedCounts,
  type SuppressedCentreCounts,
  suppressCount,
  YearlyStatistics,
} from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { createSupportCentresService, publishOccupancy } from "@krisstod/support-centres";
import { createTestNamespace, makePrincipal, type TestNamespace, waitFor } from "@krisstod/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disclosures, fits, type ShownCounts } from "./suppression-observer.ts";

/**
 * Suppression that survives arithmetic (issue 18): for random centre histories, nothing another
 * organisation receives — each response, every occupancy event (what the picture and its live feed
 * replay), the picture and the yearly statistics — lets it pin a figure under 5 to one value, with
 * every relation between the figures, their history, the publishing rule and the clock it publishes
 * on taken into account (suppression-observer.ts solves them exactly). CI: a fixed seed and few
 * runs; LONG=1: many runs, random seed (FUZZ_SEED=<seed> replays one).
 */
const LONG = process.env.LONG === "1";
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : LONG ? Date.now() : 20_261_206;

/**
 * What happens at a centre: an adult or an (unaccompanied) child arrives, registered or not; an
 * adult leaves; a child is handed over (leaves); a child present gets a guardian linked.
 */
type Op =
  | { kind: "adult" | "child"; registered: boolean }
  | { kind: "leave"; which: number }
  | { kind: "handover"; which: number }
  | { kind: "link"; which: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("adult" as const), registered: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("child" as const), registered: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("leave" as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("handover" as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("link" as const), which: fc.nat() }) },
);
/** A tick of the occupancy clock: the centre publishes its counts of that moment. */
type Step = Op | { kind: "tick" };
const tick: Step = { kind: "tick" };
/** Changes with ticks anywhere between them (none, one or many changes per tick), ending on a tick. */
const withTicks = (ops: fc.Arbitrary<Op[]>): fc.Arbitrary<Step[]> =>
  ops.chain((list) =>
    fc
      .array(fc.nat(3), { minLength: list.length, maxLength: list.length })
      .map((ticks) => [...list.flatMap((o, i) => [o, ...(ticks[i] === 0 ? [tick] : [])]), tick]),
  );
/** Histories that go back and forth: arrivals and departures in turns, where the leaks were. */
const oscillating: fc.Arbitrary<Op[]> = fc
  .array(fc.tuple(op, fc.constantFrom<Op>({ kind: "leave", which: 0 }, { kind: "handover", which: 0 })), {
    minLength: 3,
    maxLength: LONG ? 20 : 12,
  })
  .chain((pairs) =>
    fc
      .array(op, { maxLength: 8 })
      .map((lead) => [...lead, ...pairs.flatMap(([arrival, departure]) => [arrival, departure])]),
  );

const zero: CentreCounts = {
  present: 0,
  total: 0,
  children: 0,
  registered: 0,
  anonymous: 0,
  unaccompaniedChildren: 0,
  phoneContacts: 0,
};

/** The centre's exact counts after each operation that changed them, as the service keeps them. */
function simulate(ops: readonly Step[]): CentreCounts[] {
  const states: CentreCounts[] = [];
  let s = zero;
  let adultsPresent = 0;
  /** Children present, each true while unaccompanied. */
  const children: boolean[] = [];
  for (const o of ops) {
    if (o.kind === "tick") continue;
    if (o.kind === "leave") {
      if (adultsPresent === 0) continue;
      adultsPresent -= 1;
      s = { ...s, present: s.present - 1 };
    } else if (o.kind === "handover") {
      if (children.length === 0) continue;
      const [unaccompanied] = children.splice(o.which % children.length, 1);
      s = {
        ...s,
        present: s.present - 1,
        unaccompaniedChildren: s.unaccompaniedChildren - (unaccompanied ? 1 : 0),
      };
    } else if (o.kind === "link") {
      const at = children.indexOf(true);
      if (at < 0) continue;
      children[at] = false;
      s = { ...s, unaccompaniedChildren: s.unaccompaniedChildren - 1 };
    } else {
      const child = o.kind === "child";
      if (child) children.push(true);
      else adultsPresent += 1;
      s = {
        ...s,
        present: s.present + 1,
        total: s.total + 1,
        children: s.children + (child ? 1 : 0),
        unaccompaniedChildren: s.unaccompaniedChildren + (child ? 1 : 0),
        registered: s.registered + (o.registered ? 1 : 0),
        anonymous: s.anonymous + (o.registered ? 0 : 1),
      };
    }
    states.push(s);
  }
  return states;
}

const six = (c: SuppressedCentreCounts): ShownCounts => ({
  present: c.present,
  total: c.total,
  children: c.children,
  registered: c.registered,
  anonymous: c.anonymous,
  unaccompaniedChildren: c.unaccompaniedChildren,
});
/** What leaves the organisation at successive ticks with these counts, by the rule of the contracts. */
function published(states: readonly CentreCounts[]): ShownCounts[] {
  let last: SuppressedCentreCounts | null = null;
  return states.map((state) => {
    last = nextPublishedCounts(last, state);
    return six(last);
  });
}
/**
 * What the receiver of the occupancy clock's events knows: the figures at every tick, by the rule
 * from the counts of that moment (a tick without an event held the figures of the one before).
 */
function onClock(steps: readonly Step[]): { truth: CentreCounts[]; events: ShownCounts[] } {
  const truth = steps.flatMap((s, i) =>
    s.kind === "tick" ? [simulate(steps.slice(0, i)).at(-1) ?? zero] : [],
  );
  return { truth, events: published(truth) };
}
/**
 * Before the clock: an occupancy event in the transaction of each change that moved a published
 * figure (the first change always published).
 */
function perChange(steps: readonly Step[]): { truth: CentreCounts[]; events: ShownCounts[] } {
  const truth: CentreCounts[] = [];
  const events: ShownCounts[] = [];
  let last: SuppressedCentreCounts | null = null;
  for (const state of simulate(steps)) {
    const next = nextPublishedCounts(last, state);
    if (last && sixFigures(six(next)) === sixFigures(six(last))) continue;
    last = next;
    truth.push(state);
    events.push(six(next));
  }
  return { truth, events };
}
/** Every figure in its band of 5 and nothing held: the rule before the live figures were held. */
const banded = (c: CentreCounts): ShownCounts => six(nextPublishedCounts(null, c));
/** The rule before issue 18: "<5" below 5, exact otherwise. */
const smallOnly = (c: CentreCounts): ShownCounts => {
  const s = (n: number) => (n < 5 ? ("<5" as const) : n);
  return {
    present: s(c.present),
    total: s(c.total),
    children: s(c.children),
    registered: s(c.registered),
    anonymous: s(c.anonymous),
    unaccompaniedChildren: s(c.unaccompaniedChildren),
  };
};
const sixFigures = (c: ShownCounts) =>
  JSON.stringify([c.present, c.total, c.children, c.registered, c.anonymous, c.unaccompaniedChildren]);

const adult = (registered: boolean): Op => ({ kind: "adult", registered });
const child: Op = { kind: "child", registered: true };
const leave: Op = { kind: "leave", which: 0 };
/**
 * Found by the long run of the property with present included (seed 1241349202): each rise of
 * "present" from "<5" to 5–9 needs an arrival, and the total's band (5–9) allows only so many; when
 * they are used up, every "<5" in between must have been exactly 4.
 */
const presentBackAndForth = [
  adult(false),
  child,
  leave,
  adult(true),
  adult(false),
  child,
  adult(false),
  leave,
  adult(false),
  leave,
  adult(true),
];

/** The same for unaccompanied children: five arrive, then handovers and arrivals in turns. */
const handover: Op = { kind: "handover", which: 0 };
const childrenBackAndForth = [
  child,
  child,
  child,
  child,
  child,
  ...[1, 2, 3, 4].flatMap(() => [handover, child]),
];

describe("the observer (suppression-observer.ts)", () => {
  it("finds what the old rule gave away: total 8, registered 5, anonymous '<5' → 3", () => {
    const truth = simulate([
      ...Array.from({ length: 5 }, () => adult(true)),
      ...Array.from({ length: 3 }, () => adult(false)),
    ]);
    const last = truth.length - 1;
    const found = disclosures(truth, truth.map(smallOnly), "exact");
    expect(found).toContainEqual({ observation: last, cell: "anonymous", value: 3 });
    // And the history: total 5→6→7→8 with registered fixed pins each anonymous figure on the way,
    // and (anonymous never decreases) the 0 before total reached 5 as well.
    expect(found.filter((d) => d.cell === "anonymous").map((d) => d.value)).toEqual([0, 0, 0, 0, 0, 1, 2, 3]);
  });

  it("finds what bands alone give away: visitors present going back and forth across 5 while the total stays in one band are pinned at 4", () => {
    const truth = simulate(presentBackAndForth);
    const found = disclosures(truth, truth.map(banded), "bands");
    expect(found.filter((d) => d.cell === "present").map((d) => d.value)).toEqual([4, 4, 4]);
  });

  it("finds what events sent with each change gave away to whoever received them all: the total first showing 5 beside registered and present 5 pins anonymous and departed at 0", () => {
    const { truth, events } = perChange(Array.from({ length: 5 }, () => adult(true)));
    // The first arrival, then the fifth (the second to fourth published nothing new).
    expect(events.map((e) => [e.total, e.registered, e.present])).toEqual([
      ["<5", "<5", "<5"],
      [5, 5, 5],
    ]);
    const found = disclosures(truth, events, "per-change");
    expect(found).toContainEqual({ observation: 1, cell: "anonymous", value: 0 });
    expect(found).toContainEqual({ observation: 1, cell: "departed", value: 0 });
    // Without the knowledge that each event is one change, nothing is pinned.
    expect(disclosures(truth, events, "published")).toEqual([]);
  });

  it("finds the same for unaccompanied children handed over and arriving while the children stay in one band", () => {
    const truth = simulate(childrenBackAndForth);
    const found = disclosures(truth, truth.map(banded), "bands");
    expect(found.filter((d) => d.cell === "unaccompaniedChildren").map((d) => d.value)).toEqual([4, 4, 4, 4]);
  });
});

describe("what a centre publishes survives arithmetic", () => {
  it("the histories that pinned a live figure under bands alone pin nothing once published", () => {
    for (const ops of [presentBackAndForth, childrenBackAndForth]) {
      const truth = simulate(ops);
      expect(disclosures(truth, published(truth), "published")).toEqual([]);
    }
  });

  it("a live figure is never published above its true band, and falls at once", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const truth = simulate(ops);
        const shown = published(truth);
        const rank = (v: number | "<5") => (v === "<5" ? -1 : v);
        truth.forEach((state, i) => {
          const band = banded(state);
          const seen = shown[i] as ShownCounts;
          expect(rank(seen.present)).toBeLessThanOrEqual(rank(band.present));
          expect(rank(seen.unaccompaniedChildren)).toBeLessThanOrEqual(rank(band.unaccompaniedChildren));
          // Everything cumulative is its band, exactly.
          expect([seen.total, seen.registered, seen.anonymous, seen.children]).toEqual([
            band.total,
            band.registered,
            band.anonymous,
            band.children,
          ]);
        });
      }),
      { seed, numRuns: 200 },
    );
  });

  it("on the clock, events do not count the changes: histories with 5 and with 6 arrivals before a tick send the same event, which no single change explains", () => {
    const fiveRegistered = Array.from({ length: 5 }, () => adult(true));
    const histories = [
      [...fiveRegistered, tick],
      [...fiveRegistered, adult(false), tick],
      [...fiveRegistered, adult(true), tick],
      [...fiveRegistered, adult(true), leave, tick],
    ].map(onClock);
    const [first] = histories;
    for (const { events } of histories) expect(events).toEqual(first?.events);
    // Read as one change each, they fit no history at all; read as the clock allows, anonymous and
    // departed may be anything from 0 to 4.
    expect(fits(first?.events ?? [], "per-change")).toBe(false);
    for (const { truth, events } of histories) expect(disclosures(truth, events, "published")).toEqual([]);
  });

  const histories = fc.oneof(fc.array(op, { minLength: 1, maxLength: LONG ? 40 : 25 }), oscillating);

  it("on the clock, whoever receives every event pins no figure under 5, however the changes fall between the ticks", () => {
    fc.assert(
      fc.property(withTicks(histories), (steps) => {
        const { truth, events } = onClock(steps);
        expect(disclosures(truth, events, "published")).toEqual([]);
      }),
      { seed, numRuns: LONG ? 1_000 : 60, endOnFailure: true },
    );
  });

  it("the same property fails for events sent with each change (as before the clock)", () => {
    const result = fc.check(
      fc.property(withTicks(histories), (steps) => {
        const { truth, events } = perChange(steps);
        expect(disclosures(truth, events, "per-change")).toEqual([]);
      }),
      { seed, numRuns: 60, endOnFailure: true },
    );
    expect(result.failed).toBe(true);
    // Failed by pinning (the reading fits what per-change events are; it excludes no true history).
    const [steps] = result.counterexample ?? [[]];
    const { truth, events } = perChange(steps);
    expect(disclosures(truth, events, "per-change").length).toBeGreaterThan(0);
  });

  it("for random centre histories, back and forth included, no figure under 5 can be pinned from everything published", () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(op, { minLength: 1, maxLength: LONG ? 40 : 25 }), oscillating), (ops) => {
        const truth = simulate(ops);
        expect(disclosures(truth, published(truth), "published")).toEqual([]);
      }),
      { seed, numRuns: LONG ? 1_000 : 60, endOnFailure: true },
    );
  });
});

describe("what another organisation receives from the running services", () => {
  let ns: TestNamespace;
  const running: RunningService[] = [];
  let centres: RunningService;
  let reporting: RunningService;
  let watcher: NatsConnection;
  /** Occupancy events per centre, in stream order. */
  const occupancy = new Map<string, { counts: ShownCounts; asOf: string | undefined }[]>();
  let incidentId: string;
  const halmstad = {
    organisationId: "kommun-1380",
    countyCode: "13",
    roles: ["posom-lead", "centre-staff"] as const,
  };
  const varberg = { organisationId: "kommun-1383", countyCode: "13", roles: ["posom-lead"] as const };
  const county = {
    organisationId: "lansstyrelsen-13",
    countyCode: "13",
    roles: ["county-observer"] as const,
  };
  const tokens = new Map<string, string>();
  /**
   * The service's own clock ticks once an hour (the longest allowed), so that the ticks here are
   * the test's: publishOccupancy, as the clock calls it, at times after the next hour and after
   * every change, one minute apart.
   */
  const hour = 3_600_000;
  let nextTick = Math.ceil(Date.now() / hour) * hour + 60_000;

  async function call(who: typeof halmstad | typeof varberg | typeof county, url: string, body?: unknown) {
    let token = tokens.get(who.organisationId);
    if (!token) {
      token = await ns.issuer.mint(makePrincipal({ ...who, roles: [...who.roles] }), { expiresIn: 3600 });
      tokens.set(who.organisationId, token);
    }
    const response = await fetch(url, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${url} → ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  }

  beforeAll(async () => {
    ns = await createTestNamespace();
    watcher = await connect(natsConnectOptions(ns.natsUrl));
    const subscription = watcher.subscribe(`${ns.natsNamespace}.events.>`);
    void (async () => {
      for await (const message of subscription) {
        const envelope = message.json<{ type: string; data: unknown }>();
        if (envelope.type !== CentreOccupancyChanged.type) continue;
        const data = CentreOccupancyChanged.data.parse(envelope.data);
        const event = { counts: six(data.counts), asOf: data.asOf };
        occupancy.set(data.centreId, [...(occupancy.get(data.centreId) ?? []), event]);
      }
    })();
    const activation = await startService(createActivationService(), ns.serviceEnv());
    centres = await startService(
      createSupportCentresService({ OCCUPANCY_PUBLISH_INTERVAL_MS: String(hour) }),
      ns.serviceEnv(),
    );
    reporting = await startService(reportingService, ns.serviceEnv());
    running.push(reporting, centres, activation);
    const incident = (await call(halmstad, `${activation.url}/incidents`, {
      kind: "fire",
      title: "Brand i Halmstad",
      location: { lat: 56.67, lon: 12.86 },
      occurredAt: new Date().toISOString(),
      affectedMunicipalities: ["1380"],
    })) as { id: string };
    incidentId = incident.id;
  }, 120_000);
  afterAll(async () => {
    await watcher?.close();
    for (const service of running) await service.stop();
  });

  it("responses, every event, picture and statistics pin no figure under 5, back and forth included", async () => {
    let run = 0;
    const nothingYet = six(nextPublishedCounts(null, zero));
    await fc.assert(
      fc.asyncProperty(
        withTicks(fc.oneof(fc.array(op, { minLength: 6, maxLength: LONG ? 30 : 14 }), oscillating)),
        async (steps) => {
          run += 1;
          const centre = (await call(halmstad, `${centres.url}/centres`, {
            incidentId,
            operator: "posom",
            posomOrganisationId: "kommun-1380",
            name: `Centrum ${run}`,
            location: { lat: 56.7, lon: 12.9 },
            functions: ["information-referral"],
            capacity: 500,
          })) as { id: string };
          await call(halmstad, `${centres.url}/centres/${centre.id}/open`, {});
          const adults: string[] = [];
          const children: string[] = [];
          /** The exact counts at each tick, what another organisation saw then, and the tick. */
          const truth: CentreCounts[] = [];
          const seen: ShownCounts[] = [];
          const ticks: string[] = [];
          /** The tick the figures another organisation sees were published at. */
          let publishedAt: string | null = null;
          const outside = async () =>
            (await call(varberg, `${centres.url}/centres/${centre.id}`)) as {
              counts: ShownCounts;
              countsSuppressed: boolean;
              countsAsOf: string | null;
            };
          for (const o of steps) {
            if (o.kind === "tick") {
              const at = new Date(nextTick);
              nextTick += 60_000;
              await publishOccupancy(centres.context.database.db, centres.context.outbox, at);
              const exact = (await call(halmstad, `${centres.url}/centres/${centre.id}`)) as {
                counts: CentreCounts;
              };
              const shown = await outside();
              expect(shown.countsSuppressed).toBe(true);
              // Published at this tick when the figures changed (or at the first), else held.
              if (seen.length === 0 || sixFigures(shown.counts) !== sixFigures(seen.at(-1) as ShownCounts)) {
                publishedAt = at.toISOString();
              }
              expect(shown.countsAsOf).toBe(publishedAt);
              truth.push(exact.counts);
              seen.push(shown.counts);
              ticks.push(at.toISOString());
              continue;
            }
            if (o.kind === "link") continue; // a guardian link lowers the same figure a handover does
            if (o.kind === "leave") {
              if (adults.length === 0) continue;
              const [visitor] = adults.splice(o.which % adults.length, 1);
              await call(halmstad, `${centres.url}/centres/${centre.id}/visitors/${visitor}/departure`, {});
            } else if (o.kind === "handover") {
              if (children.length === 0) continue;
              const [visitor] = children.splice(o.which % children.length, 1);
              await call(halmstad, `${centres.url}/centres/${centre.id}/visitors/${visitor}/handovers`, {
                handedToName: "Anna Testsson",
                handedToRelation: "mamma",
                verifiedHow: "id-document",
              });
            } else {
              const child = o.kind === "child";
              const visitor = (await call(halmstad, `${centres.url}/centres/${centre.id}/visitors`, {
                ...(child ? { child: { age: 9 } } : {}),
                ...(o.registered
                  ? {
                      registration: {
                        name: "Test Testsson",
                        dateOfBirth: child ? "2017-05-01" : "1980-05-01",
                        relation: "affected",
                      },
                    }
                  : {}),
              })) as { id: string };
              (child ? children : adults).push(visitor.id);
            }
            // Between two ticks another organisation sees the last tick's figures, whatever changed.
            const between = await outside();
            expect(sixFigures(between.counts)).toBe(sixFigures(seen.at(-1) ?? nothingYet));
            expect(between.countsAsOf).toBe(publishedAt);
          }
          // Responses show what the rule publishes from the counts at each tick, and that pins nothing.
          expect(seen.map(sixFigures)).toEqual(published(truth).map(sixFigures));
          expect(disclosures(truth, seen, "published")).toEqual([]);

          // The events: one at each tick whose figures differ from the last ones sent (the first
          // tick's always), with those figures — none with the changes themselves. A receiver who
          // knows the ticks knows the figures at every tick: exactly what the responses showed.
          const expected = seen
            .map((counts, i) => [sixFigures(counts), ticks[i]])
            .filter(([figures], i) => i === 0 || figures !== sixFigures(seen[i - 1] as ShownCounts));
          const events = await waitFor(() => {
            const list = occupancy.get(centre.id) ?? [];
            return list.length >= expected.length && list;
          });
          expect(events.map((e) => [sixFigures(e.counts), e.asOf])).toEqual(expected);
          // The county's picture shows the last tick's figures, and which tick they are of.
          await waitFor(async () => {
            const picture = FullRegionalPicture.parse(
              await call(county, `${reporting.url}/picture?county=13`),
            );
            const mine = picture.supportCentres?.find((c) => c.id === centre.id);
            return (
              mine !== undefined &&
              sixFigures(mine.counts) === sixFigures(seen.at(-1) as ShownCounts) &&
              mine.countsAsOf === publishedAt
            );
          });
        },
      ),
      {
        seed,
        numRuns: LONG ? 40 : 3,
        endOnFailure: true,
        examples: [
          [presentBackAndForth.flatMap((o) => [o, tick])],
          [childrenBackAndForth.flatMap((o) => [o, tick])],
          [[...Array.from({ length: 5 }, () => adult(true)), tick, leave, adult(false), tick]],
        ],
      },
    );

    // The county's yearly statistics add the centres' shown totals up (and round again): nothing
    // that the centres' figures did not already show.
    const picture = FullRegionalPicture.parse(await call(county, `${reporting.url}/picture?county=13`));
    const sum = (picture.supportCentres ?? [])
      .filter((c) => c.operatorOrganisationIds.includes("kommun-1380"))
      .reduce((total, c) => total + (typeof c.counts.total === "number" ? c.counts.total : 0), 0);
    const statistics = YearlyStatistics.parse(
      await call(county, `${reporting.url}/statistics?county=13&year=${new Date().getUTCFullYear()}`),
    );
    const halmstadVisitors = statistics.organisations.find(
      (o) => o.organisationId === "kommun-1380",
    )?.visitors;
    expect(halmstadVisitors).toBe(suppressCount(sum));
  }, 600_000);
});
