import { createActivationService } from "@krisstod/activation";
import { natsConnectOptions } from "@krisstod/bus";
import {
  type CentreCounts,
  CentreOccupancyChanged,
  FullRegionalPicture,
  suppressCount,
  YearlyStatistics,
} from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { supportCentresService } from "@krisstod/support-centres";
import { createTestNamespace, makePrincipal, type TestNamespace, waitFor } from "@krisstod/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disclosures, type ShownCounts } from "./suppression-observer.ts";

/**
 * Suppression that survives arithmetic (issue 18): for random centre histories, nothing another
 * organisation receives — each response, the occupancy events (what the picture and its live feed
 * replay), the picture and the yearly statistics — lets it pin a figure under 5 to one value, with
 * every relation between the figures and their history taken into account
 * (suppression-observer.ts solves them exactly). CI: a fixed seed and few runs; LONG=1: many runs,
 * random seed (FUZZ_SEED=<seed> replays one).
 */
const LONG = process.env.LONG === "1";
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : LONG ? Date.now() : 20_261_206;

type Op = { kind: "adult" | "child"; registered: boolean } | { kind: "leave"; which: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("adult" as const), registered: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("child" as const), registered: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("leave" as const), which: fc.nat() }) },
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

/** The centre's exact counts after each operation, as the support-centres service keeps them. */
function simulate(ops: readonly Op[]): CentreCounts[] {
  const states: CentreCounts[] = [];
  let s = zero;
  let adultsPresent = 0;
  for (const o of ops) {
    if (o.kind === "leave") {
      // Adults leave; children leave by a handover (not modelled here).
      if (adultsPresent === 0) continue;
      adultsPresent -= 1;
      s = { ...s, present: s.present - 1 };
    } else {
      const child = o.kind === "child";
      if (!child) adultsPresent += 1;
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

/** What leaves the organisation, by the one rule of the contracts. */
const shown = (c: CentreCounts): ShownCounts => ({
  present: suppressCount(c.present),
  total: suppressCount(c.total),
  children: suppressCount(c.children),
  registered: suppressCount(c.registered),
  anonymous: suppressCount(c.anonymous),
  unaccompaniedChildren: suppressCount(c.unaccompaniedChildren),
});
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

describe("the observer (suppression-observer.ts)", () => {
  it("finds what the old rule gave away: total 8, registered 5, anonymous '<5' → 3", () => {
    const truth = simulate([
      ...Array.from({ length: 5 }, () => ({ kind: "adult" as const, registered: true })),
      ...Array.from({ length: 3 }, () => ({ kind: "adult" as const, registered: false })),
    ]);
    const last = truth.length - 1;
    const found = disclosures(truth, truth.map(smallOnly), "exact");
    expect(found).toContainEqual({ observation: last, cell: "anonymous", value: 3 });
    // And the history: total 5→6→7→8 with registered fixed pins each anonymous figure on the way,
    // and (anonymous never decreases) the 0 before total reached 5 as well.
    expect(found.filter((d) => d.cell === "anonymous").map((d) => d.value)).toEqual([0, 0, 0, 0, 0, 1, 2, 3]);
  });

  it("finds nothing in bands of 5 for the same history", () => {
    const truth = simulate([
      ...Array.from({ length: 5 }, () => ({ kind: "adult" as const, registered: true })),
      ...Array.from({ length: 3 }, () => ({ kind: "adult" as const, registered: false })),
    ]);
    expect(disclosures(truth, truth.map(shown), "bands")).toEqual([]);
  });
});

describe("bands of 5 survive arithmetic", () => {
  it("for random centre histories, no figure under 5 of the arrivals (total, registered, anonymous, children, adults) or of the unaccompanied children can be pinned, history included", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: LONG ? 40 : 25 }), (ops) => {
        const truth = simulate(ops);
        expect(disclosures(truth, truth.map(shown), "bands", false)).toEqual([]);
      }),
      { seed, numRuns: LONG ? 1_000 : 60, endOnFailure: true },
    );
  });

  it("known limit: visitors present going back and forth across 5 while the total stays in one band are pinned at 4", () => {
    // Found by the long run of the property above with present included (seed 1241349202): each
    // rise of "present" from "<5" to "5–9" needs an arrival, and the total's band (5–9) allows only
    // so many; when they are used up, every "<5" in between must have been exactly 4.
    const adult = (registered: boolean): Op => ({ kind: "adult", registered });
    const child: Op = { kind: "child", registered: true };
    const leave: Op = { kind: "leave", which: 0 };
    const ops = [
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
    const truth = simulate(ops);
    const found = disclosures(truth, truth.map(shown), "bands");
    expect(found.filter((d) => d.cell === "present").map((d) => d.value)).toEqual([4, 4, 4]);
    // Without the present figure the same history gives nothing away.
    expect(disclosures(truth, truth.map(shown), "bands", false)).toEqual([]);
  });
});

describe("what another organisation receives from the running services", () => {
  let ns: TestNamespace;
  const running: RunningService[] = [];
  let centres: RunningService;
  let reporting: RunningService;
  let watcher: NatsConnection;
  /** Occupancy events per centre, in stream order. */
  const occupancy = new Map<string, ShownCounts[]>();
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
        occupancy.set(data.centreId, [...(occupancy.get(data.centreId) ?? []), data.counts]);
      }
    })();
    const activation = await startService(createActivationService(), ns.serviceEnv());
    centres = await startService(supportCentresService, ns.serviceEnv());
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

  it("responses, events, picture and statistics pin no figure of the arrivals under 5", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 6, maxLength: LONG ? 30 : 14 }), async (ops) => {
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
        const truth: CentreCounts[] = [];
        const seen: ShownCounts[] = [];
        for (const o of ops) {
          if (o.kind === "leave") {
            if (adults.length === 0) continue;
            const [visitor] = adults.splice(o.which % adults.length, 1);
            await call(halmstad, `${centres.url}/centres/${centre.id}/visitors/${visitor}/departure`, {});
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
            if (!child) adults.push(visitor.id);
          }
          const exact = (await call(halmstad, `${centres.url}/centres/${centre.id}`)) as {
            counts: CentreCounts;
          };
          const outside = (await call(varberg, `${centres.url}/centres/${centre.id}`)) as {
            counts: ShownCounts;
            countsSuppressed: boolean;
          };
          expect(outside.countsSuppressed).toBe(true);
          truth.push(exact.counts);
          seen.push(outside.counts);
        }
        if (truth.length === 0) return;
        // Everything but the present figure's back-and-forth (the known limit above).
        expect(disclosures(truth, seen, "bands", false)).toEqual([]);

        // The events (what the picture and its live feed replay) are states already seen: no more.
        const last = seen[seen.length - 1] as ShownCounts;
        const events = await waitFor(() => {
          const list = occupancy.get(centre.id) ?? [];
          return (
            list.length > 0 && sixFigures(list[list.length - 1] as ShownCounts) === sixFigures(last) && list
          );
        });
        let at = 0;
        for (const event of events) {
          while (at < seen.length && sixFigures(seen[at] as ShownCounts) !== sixFigures(event)) at += 1;
          expect(at, `event ${sixFigures(event)} is not a state the responses showed`).toBeLessThan(
            seen.length,
          );
        }
        // The county's picture shows the same last state.
        await waitFor(async () => {
          const picture = FullRegionalPicture.parse(await call(county, `${reporting.url}/picture?county=13`));
          const mine = picture.supportCentres?.find((c) => c.id === centre.id);
          return mine !== undefined && sixFigures(mine.counts) === sixFigures(last);
        });
      }),
      { seed, numRuns: LONG ? 40 : 3, endOnFailure: true },
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
