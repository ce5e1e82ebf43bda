import type { EventEnvelope, NationalCounts, SuppressedCount } from "@krisstod/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyNationalEvent, emptyNationalState, nationalPicture } from "../src/national/national-picture.ts";

/**
 * The national picture (#23) against the counties' own: whatever the order in which the counties'
 * leaf links deliver their events (each county's own order kept, as stream sourcing keeps it), and
 * with events delivered twice, each county's figures at the hub equal what the county's events alone
 * give, and every national figure is the sum of the counties'.
 */
const ids = ["a", "b", "c"].map((s) => `0193a000-0000-7000-8000-00000000000${s}`);
const organisations: Record<string, string[]> = {
  "13": ["kommun-1380", "kommun-1381", "region-13"],
  "12": ["kommun-1278", "region-12"],
  "14": ["kommun-1480"],
};
const band: fc.Arbitrary<SuppressedCount> = fc.oneof(
  fc.constant("<5" as const),
  fc.integer({ min: 1, max: 40 }).map((n) => n * 5),
);

const eventOf = (countyCode: string) =>
  fc
    .record({
      organisationId: fc.constantFrom(...(organisations[countyCode] ?? [])),
      id: fc.constantFrom(...ids),
      minute: fc.integer({ min: 0, max: 59 }),
      body: fc.oneof(
        fc.record({
          type: fc.constantFrom("incident.opened", "incident.updated", "incident.closed"),
          status: fc.constantFrom("open", "closed"),
        }),
        fc.record({
          type: fc.constantFrom(
            "activation.decided",
            "activation.call-out-changed",
            "activation.status-changed",
            "activation.closed",
          ),
          status: fc.constantFrom("calling", "staffed", "unreachable", "closed"),
          accepted: fc.nat({ max: 30 }),
        }),
        fc.record({
          type: fc.constant("centre.changed"),
          status: fc.constantFrom("planned", "open", "closed"),
        }),
        fc.record({ type: fc.constant("centre.occupancy-changed"), present: band }),
      ),
    })
    .map(({ organisationId, id, minute, body }): EventEnvelope => {
      const data = body.type.startsWith("incident")
        ? { id, status: "status" in body ? body.status : "open" }
        : body.type.startsWith("activation")
          ? {
              activationId: id,
              status: "status" in body ? body.status : "calling",
              counts: { accepted: "accepted" in body ? body.accepted : 0 },
            }
          : body.type === "centre.changed"
            ? { centreId: id, status: "status" in body ? body.status : "open" }
            : { centreId: id, counts: { present: "present" in body ? body.present : "<5" } };
      return {
        id: `0193a000-0000-7000-8000-${String(minute).padStart(12, "0")}`,
        type: body.type,
        schemaVersion: 1,
        occurredAt: `2026-12-06T10:${String(minute).padStart(2, "0")}:00.000Z`,
        producer: body.type.startsWith("centre") ? "support-centres" : "activation",
        organisationId,
        countyCode,
        // Ids are per county: the same id in two counties is two things.
        aggregateId: `${countyCode}/${id}`,
        data: body.type.startsWith("incident") ? { ...data, id: `${countyCode}${id.slice(2)}` } : data,
      };
    });

/** The counties' streams, and one interleaving of them with some events delivered twice. */
const delivery = fc
  .record({
    streams: fc.record({
      "13": fc.array(eventOf("13"), { maxLength: 30 }),
      "12": fc.array(eventOf("12"), { maxLength: 30 }),
      "14": fc.array(eventOf("14"), { maxLength: 10 }),
    }),
    choices: fc.array(fc.constantFrom("13", "12", "14"), { minLength: 80, maxLength: 80 }),
    repeats: fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }),
  })
  .map(({ streams, choices, repeats }) => {
    const at: Record<string, number> = { "13": 0, "12": 0, "14": 0 };
    const out: EventEnvelope[] = [];
    const next = (code: keyof typeof streams) => {
      const event = streams[code][at[code] ?? 0];
      if (!event) return false;
      at[code] = (at[code] ?? 0) + 1;
      out.push(event);
      // A redelivery right after (an at-least-once hop): applying it again changes nothing.
      if (repeats[out.length % repeats.length]) out.push(event);
      return true;
    };
    for (const code of choices) next(code as keyof typeof streams);
    for (const code of ["13", "12", "14"] as const) while (next(code));
    return { streams, national: out };
  });

const fold = (events: readonly EventEnvelope[]) => {
  const state = emptyNationalState();
  for (const e of events) applyNationalEvent(state, e);
  return nationalPicture(state, { now: new Date("2026-12-06T11:00:00Z"), counties: ["12", "13", "14"] });
};

const numeric = (v: SuppressedCount) => (v === "<5" ? 0 : v);
const sum = (all: NationalCounts[]) => ({
  incidentsOpen: all.reduce((s, c) => s + c.incidentsOpen, 0),
  activationsUnderWay: all.reduce((s, c) => s + c.activationsUnderWay, 0),
  peopleAccepted: all.reduce((s, c) => s + c.peopleAccepted, 0),
  centresOpen: all.reduce((s, c) => s + c.centresOpen, 0),
  visitorsPresent: all.reduce((s, c) => s + numeric(c.visitorsPresent), 0),
});

describe("the national picture", () => {
  it("shows each county as the county's own events give it, in any interleaving and with redeliveries", () => {
    fc.assert(
      fc.property(delivery, ({ streams, national }) => {
        const atHub = fold(national);
        for (const code of ["13", "12", "14"] as const) {
          const own = fold(streams[code]).counties.find((c) => c.countyCode === code);
          expect(atHub.counties.find((c) => c.countyCode === code)).toEqual(own);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("has national figures that are the sums of the counties' and of each county's organisations", () => {
    fc.assert(
      fc.property(delivery, ({ national }) => {
        const picture = fold(national);
        const totals = sum(picture.counties.map((c) => c.totals));
        expect({ ...picture.totals, visitorsPresent: numeric(picture.totals.visitorsPresent) }).toEqual(
          totals,
        );
        for (const c of picture.counties) {
          const own = sum(c.organisations);
          expect({ ...c.totals, visitorsPresent: numeric(c.totals.visitorsPresent) }).toEqual(own);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shows visitors in bands of 5, "<5" below, and never a figure under 5', () => {
    fc.assert(
      fc.property(delivery, ({ national }) => {
        const picture = fold(national);
        const all = [picture.totals, ...picture.counties.flatMap((c) => [c.totals, ...c.organisations])];
        for (const counts of all) {
          const v = counts.visitorsPresent;
          expect(v === "<5" || (v >= 5 && v % 5 === 0)).toBe(true);
        }
      }),
    );
  });

  it("counts a county's open incidents, activations under way with their accepted people, and open centres", () => {
    const e = (type: string, organisationId: string, data: unknown, minute: number): EventEnvelope => ({
      id: `0193a000-0000-7000-8000-${String(minute).padStart(12, "0")}`,
      type,
      schemaVersion: 1,
      occurredAt: `2026-12-06T10:${String(minute).padStart(2, "0")}:00.000Z`,
      producer: "activation",
      organisationId,
      countyCode: "13",
      aggregateId: "x",
      data,
    });
    const picture = fold([
      e("incident.opened", "kommun-1380", { id: ids[0], status: "open" }, 1),
      e(
        "activation.decided",
        "kommun-1380",
        { activationId: ids[1], status: "calling", counts: { accepted: 0 } },
        2,
      ),
      e(
        "activation.call-out-changed",
        "kommun-1380",
        { activationId: ids[1], status: "calling", counts: { accepted: 3 } },
        3,
      ),
      e("centre.changed", "kommun-1380", { centreId: ids[2], status: "open" }, 4),
      e("centre.occupancy-changed", "kommun-1380", { centreId: ids[2], counts: { present: 10 } }, 5),
      e("centre.changed", "region-13", { centreId: ids[0], status: "open" }, 6),
      e("centre.occupancy-changed", "region-13", { centreId: ids[0], counts: { present: "<5" } }, 7),
    ]);
    const halland = picture.counties.find((c) => c.countyCode === "13");
    expect(halland?.lastEventAt).toBe("2026-12-06T10:07:00.000Z");
    expect(halland?.organisations).toEqual([
      {
        organisationId: "kommun-1380",
        incidentsOpen: 1,
        activationsUnderWay: 1,
        peopleAccepted: 3,
        centresOpen: 1,
        visitorsPresent: 10,
      },
      {
        organisationId: "region-13",
        incidentsOpen: 0,
        activationsUnderWay: 0,
        peopleAccepted: 0,
        centresOpen: 1,
        visitorsPresent: "<5",
      },
    ]);
    expect(picture.counties.find((c) => c.countyCode === "12")?.totals.incidentsOpen).toBe(0);
  });
});
