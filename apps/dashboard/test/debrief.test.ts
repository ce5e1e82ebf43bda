import { describe, expect, it } from "vitest";
import { heldAtIso, nextDebriefOutcomes } from "../src/work/debrief.ts";
import { stockholmToday } from "../src/work/workTime.ts";

describe("a debrief's next outcomes", () => {
  it("follows what reporting allows", () => {
    expect(nextDebriefOutcomes("not-offered")).toEqual([]);
    expect(nextDebriefOutcomes("offered")).toEqual(["accepted", "declined"]);
    expect(nextDebriefOutcomes("declined")).toEqual(["accepted"]);
    expect(nextDebriefOutcomes("accepted")).toEqual(["held"]);
    expect(nextDebriefOutcomes("held")).toEqual([]);
  });
});

describe("the day a debrief was held", () => {
  // 09:30 in Stockholm on 28 November 2026 (UTC+1).
  const now = new Date("2026-11-28T08:30:00Z");

  it("is noon Stockholm time on an earlier day", () => {
    expect(heldAtIso("2026-11-27", now)).toBe("2026-11-27T11:00:00.000Z");
    expect(heldAtIso("2026-07-01", now)).toBe("2026-07-01T10:00:00.000Z");
  });

  it("is now when it is today before noon, and noon after it", () => {
    expect(stockholmToday(now)).toBe("2026-11-28");
    expect(heldAtIso("2026-11-28", now)).toBe(now.toISOString());
    expect(heldAtIso("2026-11-28", new Date("2026-11-28T15:00:00Z"))).toBe("2026-11-28T11:00:00.000Z");
  });

  it("takes Stockholm's date, not UTC's, just after midnight", () => {
    const justAfterMidnight = new Date("2026-11-28T23:30:00Z");
    expect(stockholmToday(justAfterMidnight)).toBe("2026-11-29");
    expect(heldAtIso("2026-11-29", justAfterMidnight)).toBe(justAfterMidnight.toISOString());
  });

  it("refuses a day after today and anything not a date", () => {
    expect(heldAtIso("2026-11-29", now)).toBeUndefined();
    expect(heldAtIso("", now)).toBeUndefined();
    expect(heldAtIso("28/11/2026", now)).toBeUndefined();
  });
});
