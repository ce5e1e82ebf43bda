import type {
  ActivationKind,
  ActivationSummary,
  AfterActionActivation,
  CostTotals,
  DebriefStatus,
  Participant,
  PersonLoad,
  RecordActivationBody,
  RecordCostBody,
  RecordedCost,
  RecordParticipantBody,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ConflictError, NotFoundError } from "@krisstod/http";
import { subMonths } from "date-fns";
import { and, asc, desc, eq, gte, isNull, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import {
  activations,
  centreShiftHours,
  costs,
  evaluations,
  participants,
  pictureIncidents,
} from "../db/schema.ts";

type ActivationRow = typeof activations.$inferSelect;
type ParticipantRow = typeof participants.$inferSelect;

const toMinutes = (hours: number) => Math.round(hours * 60);
const toHours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

export async function findActivation(db: Database | Transaction, id: string): Promise<ActivationRow> {
  const [row] = await db.select().from(activations).where(eq(activations.id, id)).limit(1);
  if (!row) throw new NotFoundError("No such activation in the after-action records.");
  return row;
}

/**
 * The organisation's root activations, closed ones included, newest first (at most 200), with the
 * incident's title from this service's own picture tables.
 */
export async function listActivations(
  db: Database,
  organisationId: string,
): Promise<AfterActionActivation[]> {
  const rows = await db
    .select({ activation: activations, incidentTitle: pictureIncidents.title })
    .from(activations)
    .leftJoin(pictureIncidents, eq(pictureIncidents.id, activations.incidentId))
    .where(and(eq(activations.organisationId, organisationId), isNull(activations.parentId)))
    .orderBy(desc(activations.activatedAt))
    .limit(200);
  return rows.map(({ activation: a, incidentTitle }) => ({
    activationId: a.id,
    organisationId: a.organisationId,
    countyCode: a.countyCode,
    incidentId: a.incidentId,
    incidentTitle: incidentTitle ?? null,
    kind: a.kind as ActivationKind,
    group: a.group,
    activatedAt: a.activatedAt.toISOString(),
    endedAt: a.endedAt?.toISOString() ?? null,
    exercise: a.exercise,
    aidRequestId: a.aidRequestId,
  }));
}

/**
 * The organisation's record of the help it gave another county's deployment under an aid request
 * (made when its people were offered the debrief there), if any.
 */
export async function findAidGivenRecord(
  db: Database | Transaction,
  aidRequestId: string,
  organisationId: string,
): Promise<ActivationRow> {
  const [row] = await db
    .select()
    .from(activations)
    .where(and(eq(activations.aidRequestId, aidRequestId), eq(activations.organisationId, organisationId)))
    .limit(1);
  if (!row) throw new NotFoundError("No record of help given under this aid request.");
  return row;
}

/** Records (or completes) an activation; the activation service's events fill the same row. */
export async function recordActivation(
  db: Database | Transaction,
  id: string,
  input: z.output<typeof RecordActivationBody>,
): Promise<void> {
  const values = {
    id,
    organisationId: input.organisationId,
    countyCode: input.countyCode,
    incidentId: input.incidentId ?? null,
    kind: input.kind,
    activatedAt: new Date(input.activatedAt),
    endedAt: input.endedAt ? new Date(input.endedAt) : null,
  };
  await db.insert(activations).values(values).onConflictDoUpdate({ target: activations.id, set: values });
}

function toParticipant(row: ParticipantRow): Participant {
  return {
    activationId: row.activationId,
    personId: row.personId,
    personName: row.personName,
    organisationId: row.organisationId,
    role: row.role as Participant["role"],
    hours: toHours(row.minutes),
    hoursOutsideWorkingTime: toHours(row.minutesOutsideWorkingTime),
    debrief: {
      status: row.debriefStatus as DebriefStatus,
      offeredAt: row.debriefOfferedAt?.toISOString() ?? null,
      answeredAt: row.debriefAnsweredAt?.toISOString() ?? null,
      heldAt: row.debriefHeldAt?.toISOString() ?? null,
      occupationalHealthReferredAt: row.occupationalHealthReferredAt?.toISOString() ?? null,
    },
  };
}

/** One person took part (from an accepted call-out, or recorded by the lead with hours). */
export async function recordParticipant(
  db: Database | Transaction,
  activationId: string,
  personId: string,
  input: Partial<z.output<typeof RecordParticipantBody>> & { organisationId: string },
): Promise<void> {
  const set = {
    organisationId: input.organisationId,
    ...(input.personName !== undefined ? { personName: input.personName } : {}),
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.hours !== undefined ? { minutes: toMinutes(input.hours) } : {}),
    ...(input.hoursOutsideWorkingTime !== undefined
      ? { minutesOutsideWorkingTime: toMinutes(input.hoursOutsideWorkingTime) }
      : {}),
  };
  await db
    .insert(participants)
    .values({ activationId, personId, ...set })
    .onConflictDoUpdate({ target: [participants.activationId, participants.personId], set });
}

export async function listParticipants(
  db: Database | Transaction,
  activationId: string,
): Promise<Participant[]> {
  const rows = await db
    .select()
    .from(participants)
    .where(eq(participants.activationId, activationId))
    .orderBy(asc(participants.personId));
  return rows.map(toParticipant);
}

/**
 * Whether `organisationId` sent people to the activation's work from outside (mutual aid): one of
 * the root activation's participants is theirs while the activation is another organisation's.
 */
export async function sentPeopleTo(
  db: Database | Transaction,
  activation: { id: string; parentId: string | null; organisationId: string },
  organisationId: string,
): Promise<boolean> {
  if (activation.organisationId === organisationId) return false;
  const [row] = await db
    .select({ personId: participants.personId })
    .from(participants)
    .where(
      and(
        eq(participants.activationId, activation.parentId ?? activation.id),
        eq(participants.organisationId, organisationId),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Offers a debrief to every participant not yet offered one; returns everyone's state. */
export async function offerDebriefs(
  db: Database | Transaction,
  activationId: string,
  now = new Date(),
): Promise<Participant[]> {
  await db
    .update(participants)
    .set({ debriefStatus: "offered", debriefOfferedAt: now })
    .where(and(eq(participants.activationId, activationId), eq(participants.debriefStatus, "not-offered")));
  return listParticipants(db, activationId);
}

/** offered → accepted | declined; declined → accepted (a change of mind); accepted → held. */
const allowedFrom: Record<"accepted" | "declined" | "held", DebriefStatus[]> = {
  accepted: ["offered", "declined"],
  declined: ["offered"],
  held: ["accepted"],
};

/**
 * Laholm 3.7: after the effort everyone is offered a debrief, "Ledningsgruppen ansvarar för att
 * detta organiseras, tillsammans med Företagshälsovården": a participant referred on to occupational
 * health is recorded with the day (a second referral keeps the first day).
 */
export async function referToOccupationalHealth(
  db: Database | Transaction,
  activationId: string,
  personId: string,
  at: Date,
): Promise<Participant> {
  const [updated] = await db
    .update(participants)
    .set({
      occupationalHealthReferredAt: sql`coalesce(${participants.occupationalHealthReferredAt}, ${at.toISOString()}::timestamptz)`,
    })
    .where(and(eq(participants.activationId, activationId), eq(participants.personId, personId)))
    .returning();
  if (!updated) throw new NotFoundError("This person did not take part in the activation.");
  return toParticipant(updated);
}

export async function updateDebrief(
  db: Database | Transaction,
  activationId: string,
  personId: string,
  status: "accepted" | "declined" | "held",
  at: Date,
): Promise<Participant> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(participants)
      .where(and(eq(participants.activationId, activationId), eq(participants.personId, personId)))
      .for("update");
    if (!row) throw new NotFoundError("This person did not take part in the activation.");
    const current = row.debriefStatus as DebriefStatus;
    if (!allowedFrom[status].includes(current)) {
      throw new ConflictError(`A debrief that is ${current} cannot become ${status}.`);
    }
    const [updated] = await tx
      .update(participants)
      .set(
        status === "held"
          ? { debriefStatus: status, debriefHeldAt: at }
          : { debriefStatus: status, debriefAnsweredAt: at },
      )
      .where(and(eq(participants.activationId, activationId), eq(participants.personId, personId)))
      .returning();
    if (!updated) throw new Error("update returned no row");
    return toParticipant(updated);
  });
}

export async function recordCost(
  db: Database,
  activationId: string,
  input: z.output<typeof RecordCostBody>,
): Promise<RecordedCost> {
  const id = uuidv7();
  await db.insert(costs).values({
    id,
    activationId,
    organisationId: input.organisationId,
    category: input.category,
    amountOre: Math.round(input.amountSek * 100),
    note: input.note,
  });
  return { id, ...input };
}

export function costTotals(rows: { category: string; ore: number }[]): CostTotals {
  const sek = (category: string) =>
    rows.filter((r) => r.category === category).reduce((s, r) => s + r.ore, 0) / 100;
  const totals = {
    premises: sek("premises"),
    food: sek("food"),
    transport: sek("transport"),
    other: sek("other"),
  };
  return { ...totals, total: rows.reduce((s, r) => s + r.ore, 0) / 100 };
}

/**
 * The organisation's checked-out centre shifts for the activation's incident (root activations
 * only: a support-person activation's people count under its ledningsgrupp's).
 */
async function centreShiftMinutes(db: Database, activation: ActivationRow) {
  if (!activation.incidentId || activation.parentId) return { count: 0, worked: 0, outside: 0 };
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      worked: sql<number>`coalesce(sum(${centreShiftHours.minutesWorked}), 0)::int`,
      outside: sql<number>`coalesce(sum(${centreShiftHours.minutesOutsideOrdinaryHours}), 0)::int`,
    })
    .from(centreShiftHours)
    .where(
      and(
        eq(centreShiftHours.organisationId, activation.organisationId),
        eq(centreShiftHours.incidentId, activation.incidentId),
      ),
    );
  return row ?? { count: 0, worked: 0, outside: 0 };
}

export async function activationSummary(db: Database, activationId: string): Promise<ActivationSummary> {
  const activation = await findActivation(db, activationId);
  const people = await listParticipants(db, activationId);
  const costRows = await db
    .select({ category: costs.category, ore: sql<number>`sum(${costs.amountOre})::bigint`.mapWith(Number) })
    .from(costs)
    .where(eq(costs.activationId, activationId))
    .groupBy(costs.category);
  const evaluationRows = await db
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(sql`${activationId}::uuid = any(${evaluations.activationIds})`);
  const debriefs: Record<DebriefStatus, number> = {
    "not-offered": 0,
    offered: 0,
    accepted: 0,
    declined: 0,
    held: 0,
  };
  for (const p of people) debriefs[p.debrief.status] += 1;
  const sumMinutes = (pick: (p: Participant) => number) => people.reduce((s, p) => s + toMinutes(pick(p)), 0);
  const shifts = await centreShiftMinutes(db, activation);
  return {
    activationId,
    organisationId: activation.organisationId,
    countyCode: activation.countyCode,
    incidentId: activation.incidentId,
    kind: activation.kind as ActivationKind,
    activatedAt: activation.activatedAt.toISOString(),
    endedAt: activation.endedAt?.toISOString() ?? null,
    participants: people.length,
    hours: toHours(sumMinutes((p) => p.hours) + shifts.worked),
    hoursOutsideWorkingTime: toHours(sumMinutes((p) => p.hoursOutsideWorkingTime) + shifts.outside),
    centreShifts: {
      shifts: shifts.count,
      hours: toHours(shifts.worked),
      hoursOutsideWorkingTime: toHours(shifts.outside),
    },
    costsSek: costTotals(costRows),
    debriefs,
    evaluationIds: evaluationRows.map((r) => r.id),
    exercise: activation.exercise,
  };
}

/**
 * Each person's load over the twelve months before `now`, heaviest first, so leads see who needs
 * rest or support: deployments, hours (and outside working time), debriefs declined.
 */
export async function personLoads(
  db: Database | Transaction,
  organisationId: string,
  now = new Date(),
): Promise<PersonLoad[]> {
  const rows = await db
    .select({
      personId: participants.personId,
      personName: sql<string | null>`max(${participants.personName})`,
      // Exercises are counted apart: deployments and hours are of real activations only.
      deployments: sql<number>`count(*) filter (where not ${activations.exercise})::int`,
      exercises: sql<number>`count(*) filter (where ${activations.exercise})::int`,
      minutes: sql<number>`coalesce(sum(${participants.minutes}) filter (where not ${activations.exercise}), 0)::int`,
      minutesOutside: sql<number>`coalesce(sum(${participants.minutesOutsideWorkingTime}) filter (where not ${activations.exercise}), 0)::int`,
      declined: sql<number>`count(*) filter (where ${participants.debriefStatus} = 'declined')::int`,
      last: sql<Date>`max(${activations.activatedAt})`.mapWith(activations.activatedAt),
    })
    .from(participants)
    .innerJoin(activations, eq(activations.id, participants.activationId))
    .where(
      and(eq(participants.organisationId, organisationId), gte(activations.activatedAt, subMonths(now, 12))),
    )
    .groupBy(participants.personId)
    .orderBy(sql`sum(${participants.minutes}) desc`, sql`count(*) desc`, asc(participants.personId));
  return rows.map((r) => ({
    personId: r.personId,
    personName: r.personName,
    organisationId,
    deployments: r.deployments,
    hours: toHours(r.minutes),
    hoursOutsideWorkingTime: toHours(r.minutesOutside),
    debriefsDeclined: r.declined,
    lastDeployedAt: r.last ? r.last.toISOString() : null,
    exercises: r.exercises,
  }));
}
