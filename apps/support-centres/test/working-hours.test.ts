import { describe, expect, it } from "vitest";
import { splitWorkedMinutes } from "../src/staffing/working-hours.ts";

const hours = { start: "08:00", end: "17:00", timeZone: "Europe/Stockholm" };
const at = (iso: string) => new Date(iso);

describe("hours outside ordinary working time", () => {
  it("marks the evening part of a weekday shift (Stockholm local time, winter)", () => {
    // Tuesday 2026-01-13, 15:00–21:00 local = 14:00–20:00 UTC: 2 h ordinary, 4 h outside.
    expect(splitWorkedMinutes(at("2026-01-13T14:00:00Z"), at("2026-01-13T20:00:00Z"), hours)).toEqual({
      worked: 360,
      outsideOrdinary: 240,
    });
  });

  it("uses summer time in summer", () => {
    // Wednesday 2026-06-17, 07:00–09:00 local = 05:00–07:00 UTC: 1 h outside (07–08), 1 h ordinary.
    expect(splitWorkedMinutes(at("2026-06-17T05:00:00Z"), at("2026-06-17T07:00:00Z"), hours)).toEqual({
      worked: 120,
      outsideOrdinary: 60,
    });
  });

  it("counts a whole weekend shift and a night across midnight as outside", () => {
    // Saturday 2026-01-17 10:00–14:00 local.
    expect(
      splitWorkedMinutes(at("2026-01-17T09:00:00Z"), at("2026-01-17T13:00:00Z"), hours).outsideOrdinary,
    ).toBe(240);
    // Thursday 22:00 → Friday 10:00 local: only Friday 08–10 is ordinary.
    expect(splitWorkedMinutes(at("2026-01-15T21:00:00Z"), at("2026-01-16T09:00:00Z"), hours)).toEqual({
      worked: 720,
      outsideOrdinary: 600,
    });
  });

  it("treats Swedish public holidays and midsommarafton as outside ordinary hours", () => {
    // Friday 2026-04-03 (långfredagen) and Friday 2026-06-19 (midsommarafton), 10:00–14:00 local.
    expect(
      splitWorkedMinutes(at("2026-04-03T08:00:00Z"), at("2026-04-03T12:00:00Z"), hours).outsideOrdinary,
    ).toBe(240);
    expect(
      splitWorkedMinutes(at("2026-06-19T08:00:00Z"), at("2026-06-19T12:00:00Z"), hours).outsideOrdinary,
    ).toBe(240);
    // The Thursday before midsommarafton is an ordinary day.
    expect(
      splitWorkedMinutes(at("2026-06-18T08:00:00Z"), at("2026-06-18T12:00:00Z"), hours).outsideOrdinary,
    ).toBe(0);
  });
});
