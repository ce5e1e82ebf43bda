import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en.ts";
import { sv } from "../src/i18n/sv.ts";
import {
  formatMinutes,
  isoToStockholmLocal,
  parseDecimal,
  recentStockholmTime,
  splitMinutes,
  stockholmLocalToIso,
} from "../src/work/workTime.ts";

describe("minutes worked as hours", () => {
  it("splits into whole hours and minutes", () => {
    expect(splitMinutes(0)).toEqual({ hours: 0, minutes: 0 });
    expect(splitMinutes(45)).toEqual({ hours: 0, minutes: 45 });
    expect(splitMinutes(90)).toEqual({ hours: 1, minutes: 30 });
    expect(splitMinutes(120)).toEqual({ hours: 2, minutes: 0 });
    expect(splitMinutes(-5)).toEqual({ hours: 0, minutes: 0 });
  });

  it("reads as the catalogues say it", () => {
    expect(formatMinutes(90, sv.staffing.duration)).toBe("1 tim 30 min");
    expect(formatMinutes(120, sv.staffing.duration)).toBe("2 tim");
    expect(formatMinutes(45, sv.staffing.duration)).toBe("45 min");
    expect(formatMinutes(0, sv.staffing.duration)).toBe("0 min");
    expect(formatMinutes(90, en.staffing.duration)).toBe("1 h 30 min");
  });
});

describe("numbers as typed in a Swedish form", () => {
  it("takes a decimal comma or point and spaces between thousands", () => {
    expect(parseDecimal("7,5")).toBe(7.5);
    expect(parseDecimal("7.5")).toBe(7.5);
    expect(parseDecimal(" 8 ")).toBe(8);
    expect(parseDecimal("1 250,50")).toBe(1250.5);
    expect(parseDecimal("1\u00a0250")).toBe(1250);
  });

  it("refuses what is not a number", () => {
    for (const text of ["", "abc", "7,5,1", "-3", "1e3", ","])
      expect(parseDecimal(text), text).toBeUndefined();
  });
});

describe("Stockholm wall-clock times", () => {
  it("converts in winter (UTC+1) and summer (UTC+2)", () => {
    expect(stockholmLocalToIso("2026-01-15T14:30")).toBe("2026-01-15T13:30:00.000Z");
    expect(stockholmLocalToIso("2026-07-15T14:30")).toBe("2026-07-15T12:30:00.000Z");
    expect(isoToStockholmLocal("2026-01-15T13:30:00.000Z")).toBe("2026-01-15T14:30");
    expect(isoToStockholmLocal("2026-07-15T12:30:00.000Z")).toBe("2026-07-15T14:30");
  });

  it("handles the nights the clocks change", () => {
    // 29 March 2026: 02:00 → 03:00. 02:30 does not exist; it is read as 03:30 summer time.
    expect(stockholmLocalToIso("2026-03-29T01:30")).toBe("2026-03-29T00:30:00.000Z");
    expect(stockholmLocalToIso("2026-03-29T03:30")).toBe("2026-03-29T01:30:00.000Z");
    expect(stockholmLocalToIso("2026-03-29T02:30")).toBe("2026-03-29T01:30:00.000Z");
    // 25 October 2026: 03:00 → 02:00. 02:30 happens twice; the first (summer time) is taken.
    expect(stockholmLocalToIso("2026-10-25T02:30")).toBe("2026-10-25T00:30:00.000Z");
    expect(stockholmLocalToIso("2026-10-25T04:00")).toBe("2026-10-25T03:00:00.000Z");
  });

  it("refuses what is not a time", () => {
    expect(stockholmLocalToIso("")).toBeUndefined();
    expect(stockholmLocalToIso("2026-13-01T10:00")).toBeUndefined();
    expect(stockholmLocalToIso("2026-01-01T24:00")).toBeUndefined();
  });

  it("takes a forgotten clock time as the latest such moment", () => {
    const now = new Date("2026-01-15T13:30:00.000Z"); // 14:30 in Stockholm
    expect(recentStockholmTime("13:00", now)).toBe("2026-01-15T12:00:00.000Z");
    expect(recentStockholmTime("14:30", now)).toBe("2026-01-15T13:30:00.000Z");
    // Not yet 23:50 today: yesterday evening's.
    expect(recentStockholmTime("23:50", now)).toBe("2026-01-14T22:50:00.000Z");
    expect(recentStockholmTime("9:00", now)).toBeUndefined();
  });
});
