import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type CompetencePlan,
  type CreateTrainingBody,
  type PersonCompetence,
  type RosterRole,
  RosterTrainingRecorded,
  type Training,
  type TrainingKind,
  type TrainingListed,
  type TrainingWithAttendees,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { InvalidError, NotFoundError, UnprocessableError } from "@krisstod/http";
import { subYears } from "date-fns";
import { and, asc, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { deriveCompetence, profileItems, profileOf } from "../competence/profiles.ts";
import { organisations, people, trainingAttendees, trainings } from "../db/schema.ts";
import { attendedBy, refreshReadiness } from "../readiness/readiness.store.ts";

type TrainingRow = typeof trainings.$inferSelect;

/**
 * The organisations of a training's attendees. A training is the county's network's: its people
 * come from organisations of the training's county (Laholm 3.6 "gemensamma utbildningsinsatser i
 * regionen"); a person of another county is refused, so nobody records trainings for people of an
 * organisation they do not work with.
 */
async function attendeeOrganisations(
  tx: Transaction,
  personIds: readonly string[],
  countyCode: string,
  /** The body's list the ids came in, for the field a refusal names. */
  field: "attendeeIds" | "personIds",
) {
  if (personIds.length === 0) return [];
  const rows = await tx
    .select({ id: people.id, organisationId: people.organisationId, countyCode: organisations.countyCode })
    .from(people)
    .innerJoin(organisations, eq(organisations.id, people.organisationId))
    .where(inArray(people.id, [...personIds]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = personIds.findIndex((id) => !byId.has(id));
  if (missing >= 0) {
    throw new InvalidError("An attendee is not in the roster.", [
      { field: `${field}.${missing}`, message: "no such person" },
    ]);
  }
  const elsewhere = personIds.findIndex((id) => byId.get(id)?.countyCode !== countyCode);
  if (elsewhere >= 0) {
    throw new UnprocessableError(
      "An attendee belongs to an organisation of another county.",
      [{ field: `${field}.${elsewhere}`, message: `must be of an organisation in county ${countyCode}` }],
      "attendee-other-county",
    );
  }
  return [...new Set(rows.map((r) => r.organisationId))];
}

async function recorded(
  tx: Transaction,
  outbox: Outbox,
  training: TrainingRow,
  countyCode: string,
  orgs: string[],
) {
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(trainingAttendees)
    .where(eq(trainingAttendees.trainingId, training.id));
  await outbox.enqueue(
    tx,
    createEvent(RosterTrainingRecorded, {
      organisationId: training.organisationId,
      countyCode,
      aggregateId: training.id,
      data: {
        trainingId: training.id,
        kind: training.kind as TrainingKind,
        date: training.date,
        attendees: count?.n ?? 0,
      },
    }),
  );
  // Joint county trainings count for every attendee's own organisation.
  for (const organisationId of orgs) await refreshReadiness(tx, outbox, organisationId);
}

export async function createTraining(
  db: Database,
  outbox: Outbox,
  countyCode: string,
  body: z.output<typeof CreateTrainingBody>,
): Promise<TrainingWithAttendees> {
  const attendees = [...new Set(body.attendeeIds)];
  return db.transaction(async (tx) => {
    const orgs = await attendeeOrganisations(tx, attendees, countyCode, "attendeeIds");
    const [row] = await tx
      .insert(trainings)
      .values({
        id: uuidv7(),
        organisationId: body.organisationId,
        title: body.title,
        kind: body.kind,
        date: body.date,
        organiser: body.organiser,
        covers: body.covers,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    if (attendees.length > 0) {
      await tx
        .insert(trainingAttendees)
        .values(attendees.map((personId) => ({ trainingId: row.id, personId })));
    }
    await recorded(tx, outbox, row, countyCode, orgs);
    return { ...toTraining(row), attendeeIds: attendees };
  });
}

export async function findTraining(db: Database, id: string): Promise<TrainingRow> {
  const [row] = await db.select().from(trainings).where(eq(trainings.id, id));
  if (!row) throw new NotFoundError(`No training ${id}.`);
  return row;
}

export async function addAttendees(
  db: Database,
  outbox: Outbox,
  countyCode: string,
  training: TrainingRow,
  ids: string[],
): Promise<TrainingWithAttendees> {
  return db.transaction(async (tx) => {
    const orgs = await attendeeOrganisations(tx, ids, countyCode, "personIds");
    await tx
      .insert(trainingAttendees)
      .values([...new Set(ids)].map((personId) => ({ trainingId: training.id, personId })))
      .onConflictDoNothing();
    await recorded(tx, outbox, training, countyCode, orgs);
    const attendees = await tx
      .select({ personId: trainingAttendees.personId })
      .from(trainingAttendees)
      .where(eq(trainingAttendees.trainingId, training.id));
    return { ...toTraining(training), attendeeIds: attendees.map((a) => a.personId) };
  });
}

function toTraining(row: TrainingRow): Training {
  return {
    id: row.id,
    organisationId: row.organisationId,
    title: row.title,
    kind: row.kind as TrainingKind,
    date: row.date,
    organiser: row.organiser,
    covers: row.covers as Training["covers"],
  };
}

/** Trainings the organisation arranged or its people attended, with how many of its people came. */
export async function listTrainings(
  db: Database,
  organisationId: string,
  range: { from?: string; to?: string },
): Promise<TrainingListed[]> {
  const own = sql<number>`count(${people.id}) filter (where ${people.organisationId} = ${organisationId})::int`;
  const rows = await db
    .select({
      training: trainings,
      ownAttendees: own,
      attendees: sql<number>`count(${trainingAttendees.personId})::int`,
    })
    .from(trainings)
    .leftJoin(trainingAttendees, eq(trainingAttendees.trainingId, trainings.id))
    .leftJoin(people, eq(people.id, trainingAttendees.personId))
    .where(
      and(
        range.from ? gte(trainings.date, range.from) : undefined,
        range.to ? lte(trainings.date, range.to) : undefined,
      ),
    )
    .groupBy(trainings.id)
    .having(or(eq(trainings.organisationId, organisationId), sql`${own} > 0`))
    .orderBy(asc(trainings.date));
  return rows.map((r) => ({
    ...toTraining(r.training),
    attendees: r.attendees,
    ownAttendees: r.ownAttendees,
  }));
}

export async function competenceOf(
  db: Database | Transaction,
  person: { id: string; role: string },
): Promise<PersonCompetence> {
  const today = new Date().toISOString().slice(0, 10);
  // Trainings held so far: one booked for later is not attended yet.
  const attended = ((await attendedBy(db, [person.id])).get(person.id) ?? []).filter((a) => a.date <= today);
  return {
    personId: person.id,
    profile: profileOf(person.role as RosterRole),
    items: deriveCompetence(person.role as RosterRole, attended, today),
    trainingsAttended: attended.length,
    lastTrainedOn: attended.reduce<string | null>(
      (last, a) => (last === null || a.date > last ? a.date : last),
      null,
    ),
  };
}

/**
 * The yearly competence plan (Laholm 3.2: "en planering för kompetenshöjande åtgärder … ska årligen
 * tas fram"): who needs what, the trainings already planned, and the county's rhythm of a full-day
 * training one year and a half-day the next (Halland guideline).
 */
export async function competencePlan(
  db: Database,
  organisationId: string,
  year: number,
  today = new Date(),
): Promise<CompetencePlan> {
  const rows = await db
    .select()
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.active, true)));
  const members = rows.filter((r) => profileOf(r.role as RosterRole) !== null);
  const attendance = await attendedBy(
    db,
    members.map((m) => m.id),
  );
  const yearStart = `${year}-01-01`;
  const refreshBefore = subYears(new Date(`${year}-12-31T00:00:00Z`), 2)
    .toISOString()
    .slice(0, 10);
  const needs = profileItems.map((item) => ({
    item: item.id,
    profile: item.profile,
    text: item.text,
    required: item.required,
    peopleBelow: 0,
  }));
  let dueForRefresher = 0;
  let neverTrained = 0;
  const asOf = today.toISOString().slice(0, 10);
  for (const member of members) {
    // Trainings held so far: one booked for later is in `planned`, not yet competence.
    const attended = (attendance.get(member.id) ?? []).filter((a) => a.date <= asOf);
    if (attended.length === 0) neverTrained += 1;
    else if (!attended.some((a) => a.date > refreshBefore)) dueForRefresher += 1;
    for (const derived of deriveCompetence(member.role as RosterRole, attended, asOf)) {
      const need = needs.find((n) => n.item === derived.item);
      if (need && !derived.met) need.peopleBelow += 1;
    }
  }
  const planned = (await listTrainings(db, organisationId, { from: yearStart, to: `${year}-12-31` })).filter(
    (t) => t.date >= today.toISOString().slice(0, 10),
  );
  return {
    organisationId,
    year,
    members: members.length,
    neverTrained,
    /** Trained before, but not within two years by the end of the year. */
    dueForRefresher,
    needs: needs.filter((n) => n.peopleBelow > 0),
    plannedTrainings: planned,
    countyTraining: year % 2 === 0 ? "full-day" : "half-day",
  };
}
