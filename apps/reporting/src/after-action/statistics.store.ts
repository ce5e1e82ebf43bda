import { type Principal, type ShownCount, suppressCount, type YearlyStatistics } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { formatInTimeZone, fromZonedTime } from "date-fns-tz";
import { and, eq, gte, isNull, lt, sql } from "drizzle-orm";
import { suppressFor } from "../access.ts";
import {
  activations,
  costs,
  evaluations,
  participants,
  pictureIncidents,
  pictureItems,
} from "../db/schema.ts";
import { costTotals } from "./activations.store.ts";

/** The annual report counts Swedish calendar years and months, not UTC ones. */
const SWEDISH_TIME = "Europe/Stockholm";

/** The instant a Swedish calendar year begins (midnight 1 January in Stockholm, as UTC). */
export const swedishYearStart = (year: number): Date =>
  fromZonedTime(`${String(year).padStart(4, "0")}-01-01T00:00:00`, SWEDISH_TIME);

/** The Swedish calendar month (0–11) an instant falls in. */
export const swedishMonth = (at: Date): number => Number(formatInTimeZone(at, SWEDISH_TIME, "M")) - 1;

const toHours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** A count of affected people shown outside its organisation: the one rule (`suppressCount`). */
export function shownCount(count: number, suppress: boolean): ShownCount {
  return suppress ? suppressCount(count) : count;
}

type OrgStats = YearlyStatistics["organisations"][number];

/**
 * The yearly figures per organisation of a county (the annual report's numbers), for charts.
 * Visitors come from the support centres' suppressed counts in the picture, summed per operating
 * organisation, and are suppressed again for viewers outside it.
 */
export async function yearlyStatistics(
  db: Database,
  countyCode: string,
  year: number,
  viewer: Principal,
): Promise<YearlyStatistics> {
  const from = swedishYearStart(year);
  const to = swedishYearStart(year + 1);
  // Root activations only: support persons activated under a ledningsgrupp belong to its episode.
  const rootsInYear = and(
    isNull(activations.parentId),
    eq(activations.countyCode, countyCode),
    gte(activations.activatedAt, from),
    lt(activations.activatedAt, to),
  );
  // Exercises (övningar) are counted apart: every figure below is of real activations only.
  const inYear = and(rootsInYear, eq(activations.exercise, false));
  const byOrg = new Map<string, OrgStats>();
  const stats = (organisationId: string): OrgStats => {
    let entry = byOrg.get(organisationId);
    if (!entry) {
      entry = {
        organisationId,
        activations: { posom: 0, pkl: 0, total: 0 },
        activationsByMonth: Array.from({ length: 12 }, () => 0),
        peopleDeployed: 0,
        hours: 0,
        hoursOutsideWorkingTime: 0,
        costsSek: costTotals([]),
        visitors: 0,
        evaluationsDone: 0,
        debriefsHeld: 0,
        exercises: { activations: { posom: 0, pkl: 0, total: 0 }, peopleDeployed: 0 },
      };
      byOrg.set(organisationId, entry);
    }
    return entry;
  };

  const activationRows = await db
    .select({
      organisationId: activations.organisationId,
      kind: activations.kind,
      at: activations.activatedAt,
    })
    .from(activations)
    // Help given to another county's deployment is not an activation of the organisation's own.
    .where(and(inYear, isNull(activations.aidRequestId)));
  for (const row of activationRows) {
    const entry = stats(row.organisationId);
    if (row.kind === "pkl") entry.activations.pkl += 1;
    else entry.activations.posom += 1;
    entry.activations.total += 1;
    const month = swedishMonth(row.at);
    entry.activationsByMonth[month] = (entry.activationsByMonth[month] ?? 0) + 1;
  }

  const peopleRows = await db
    .select({
      organisationId: activations.organisationId,
      people: sql<number>`count(distinct ${participants.personId})::int`,
      minutes: sql<number>`coalesce(sum(${participants.minutes}), 0)::int`,
      minutesOutside: sql<number>`coalesce(sum(${participants.minutesOutsideWorkingTime}), 0)::int`,
      held: sql<number>`count(*) filter (where ${participants.debriefStatus} = 'held')::int`,
    })
    .from(participants)
    .innerJoin(activations, eq(activations.id, participants.activationId))
    .where(inYear)
    .groupBy(activations.organisationId);
  for (const row of peopleRows) {
    const entry = stats(row.organisationId);
    entry.peopleDeployed = row.people;
    entry.hours = toHours(row.minutes);
    entry.hoursOutsideWorkingTime = toHours(row.minutesOutside);
    entry.debriefsHeld = row.held;
  }

  const costRows = await db
    .select({
      organisationId: activations.organisationId,
      category: costs.category,
      ore: sql<number>`sum(${costs.amountOre})::bigint`.mapWith(Number),
    })
    .from(costs)
    .innerJoin(activations, eq(activations.id, costs.activationId))
    .where(inYear)
    .groupBy(activations.organisationId, costs.category);
  for (const organisationId of new Set(costRows.map((r) => r.organisationId))) {
    stats(organisationId).costsSek = costTotals(costRows.filter((r) => r.organisationId === organisationId));
  }

  const evaluationRows = await db
    .select({ organisationIds: evaluations.organisationIds })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.countyCode, countyCode),
        eq(evaluations.status, "done"),
        eq(evaluations.exercise, false),
        gte(evaluations.completedAt, from),
        lt(evaluations.completedAt, to),
      ),
    );
  for (const row of evaluationRows) for (const org of row.organisationIds) stats(org).evaluationsDone += 1;

  const exercisesInYear = and(rootsInYear, eq(activations.exercise, true));
  const exerciseRows = await db
    .select({
      organisationId: activations.organisationId,
      posom: sql<number>`count(*) filter (where ${activations.kind} <> 'pkl')::int`,
      pkl: sql<number>`count(*) filter (where ${activations.kind} = 'pkl')::int`,
    })
    .from(activations)
    .where(and(exercisesInYear, isNull(activations.aidRequestId)))
    .groupBy(activations.organisationId);
  const exercisePeople = await db
    .select({
      organisationId: activations.organisationId,
      people: sql<number>`count(distinct ${participants.personId})::int`,
    })
    .from(participants)
    .innerJoin(activations, eq(activations.id, participants.activationId))
    .where(exercisesInYear)
    .groupBy(activations.organisationId);
  for (const row of exerciseRows) {
    stats(row.organisationId).exercises = {
      activations: { posom: row.posom, pkl: row.pkl, total: row.posom + row.pkl },
      peopleDeployed: exercisePeople.find((p) => p.organisationId === row.organisationId)?.people ?? 0,
    };
  }

  const visitors = new Map<string, number>();
  const centreRows = await db
    .select({ item: pictureItems.item })
    .from(pictureItems)
    .where(and(eq(pictureItems.section, "supportCentres"), eq(pictureItems.countyCode, countyCode)));
  // Centres opened for an exercise had role-players, not visitors: they are not counted.
  const exerciseIncidents = new Set(
    (
      await db
        .select({ id: pictureIncidents.id })
        .from(pictureIncidents)
        .where(and(eq(pictureIncidents.countyCode, countyCode), eq(pictureIncidents.exercise, true)))
    ).map((r) => r.id),
  );
  for (const { item } of centreRows) {
    const centre = item as {
      incidentId?: string;
      openedAt?: string | null;
      operatorOrganisationIds: string[];
      counts: { total: ShownCount };
    };
    const openedAt = centre.openedAt ? Date.parse(centre.openedAt) : Number.NaN;
    if (!(openedAt >= from.getTime() && openedAt < to.getTime())) continue;
    if (centre.incidentId && exerciseIncidents.has(centre.incidentId)) continue;
    // A "<5" centre adds nothing it can prove; the sum is a lower bound then.
    const total = typeof centre.counts.total === "number" ? centre.counts.total : 0;
    for (const org of centre.operatorOrganisationIds) visitors.set(org, (visitors.get(org) ?? 0) + total);
  }
  for (const [org, count] of visitors) stats(org).visitors = count;
  for (const entry of byOrg.values()) {
    entry.visitors = shownCount(entry.visitors as number, suppressFor(viewer, entry.organisationId));
  }

  return {
    year,
    countyCode,
    organisations: [...byOrg.values()].sort((a, b) => a.organisationId.localeCompare(b.organisationId)),
  };
}
