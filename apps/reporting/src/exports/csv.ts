import type { Lesson, YearlyStatistics } from "@krisstod/contracts";
import { csvText } from "@krisstod/http";
import { organisationName, swedishNumber, swedishTimestamp } from "./swedish.ts";

/**
 * CSV as Swedish Excel opens it by double-click (UTF-8 with a byte-order mark, semicolons,
 * decimal commas, CRLF), every text cell neutralised against formulas (`csvText`). Headers are
 * Swedish.
 */
function swedishCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return csvText([header, ...rows]);
}

const months = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

/**
 * The yearly statistics, one row per organisation (visitor counts as shown to the viewer, "<5"
 * kept); exercises in their own last columns.
 */
export function statisticsCsv(statistics: YearlyStatistics): string {
  const header = [
    "År",
    "Län",
    "Organisation",
    "Organisations-id",
    "POSOM-aktiveringar",
    "PKL-aktiveringar",
    "Aktiveringar totalt",
    ...months.map((m) => `Aktiveringar ${m}`),
    "Insatta personer",
    "Timmar",
    "Timmar utanför arbetstid",
    "Kostnad lokaler (kr)",
    "Kostnad mat (kr)",
    "Kostnad transport (kr)",
    "Kostnad övrigt (kr)",
    "Kostnad totalt (kr)",
    "Besökare",
    "Genomförda utvärderingar",
    "Genomförda stödsamtal",
    // Exercises (övningar) apart: the figures before these columns are of real activations only.
    "Övningar",
    "Insatta personer i övningar",
  ];
  const rows = statistics.organisations.map((o) => [
    statistics.year,
    statistics.countyCode,
    organisationName(o.organisationId),
    o.organisationId,
    o.activations.posom,
    o.activations.pkl,
    o.activations.total,
    ...o.activationsByMonth,
    o.peopleDeployed,
    swedishNumber(o.hours),
    swedishNumber(o.hoursOutsideWorkingTime),
    swedishNumber(o.costsSek.premises),
    swedishNumber(o.costsSek.food),
    swedishNumber(o.costsSek.transport),
    swedishNumber(o.costsSek.other),
    swedishNumber(o.costsSek.total),
    o.visitors,
    o.evaluationsDone,
    o.debriefsHeld,
    o.exercises?.activations.total ?? 0,
    o.exercises?.peopleDeployed ?? 0,
  ]);
  return swedishCsv(header, rows);
}

/** Lessons learned for the county network's meeting, newest first. */
export function lessonsCsv(lessons: readonly Lesson[]): string {
  return swedishCsv(
    ["Registrerad", "Organisationer", "Gemensam POSOM/PKL", "Lärdom", "Utvärdering"],
    lessons.map((l) => [
      swedishTimestamp(l.recordedAt),
      l.organisationIds.map(organisationName).join(", "),
      l.joint ? "ja" : "nej",
      l.lesson,
      l.evaluationId,
    ]),
  );
}
