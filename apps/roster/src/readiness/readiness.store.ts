import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type OrganisationKind,
  type Readiness,
  RosterReadinessChanged,
  type YearlyDuty,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { eq, inArray } from "drizzle-orm";
import type { Attended } from "../competence/profiles.ts";
import {
  actionPlans,
  organisations,
  people,
  readinessSnapshots,
  trainingAttendees,
  trainings,
} from "../db/schema.ts";
import { needsManagerApproval } from "../people/approval.ts";
import { computeReadiness, type ReadinessMember } from "./compute.ts";
import { rosterCountySettings } from "./county-settings.ts";

type Db = Database | Transaction;

/** Computes an organisation's readiness from the roster as it stands; undefined for an unknown one. */
export async function readinessOf(
  db: Db,
  organisationId: string,
  now = new Date(),
): Promise<Readiness | undefined> {
  // The action plan's review comes with the organisation (one read, no round trip of its own).
  const [found] = await db
    .select({ organisation: organisations, actionPlanReviewedAt: actionPlans.reviewedAt })
    .from(organisations)
    .leftJoin(actionPlans, eq(actionPlans.organisationId, organisations.id))
    .where(eq(organisations.id, organisationId));
  if (!found) return undefined;
  const { organisation, actionPlanReviewedAt } = found;
  const rows = await db.select().from(people).where(eq(people.organisationId, organisationId));
  const attendance = await attendedBy(
    db,
    rows.map((r) => r.id),
  );
  const members: ReadinessMember[] = rows.map((row) => ({
    role: row.role as ReadinessMember["role"],
    workplace: row.workplace,
    employer: row.employer,
    active: row.active,
    approvalMissing: needsManagerApproval(row.employer, organisation.name) && row.managerApproval !== true,
    attended: attendance.get(row.id) ?? [],
  }));
  return computeReadiness(
    {
      organisationId,
      countyCode: organisation.countyCode,
      kind: organisation.kind as OrganisationKind,
      members,
      callListReviewedAt: organisation.callListReviewedAt,
      actionPlanReviewedAt,
      managementComposition: organisation.managementComposition,
      duties: {
        "guideline-review": organisation.guidelineReviewedAt,
        "network-meeting": organisation.networkMetAt,
        "training-plan": organisation.trainingPlanAt,
        "steering-document-review": organisation.steeringDocumentReviewedAt,
        "pkl-adjunct": organisation.pklAdjunctAt,
      },
    },
    now,
    await rosterCountySettings().get(db, organisation.countyCode),
  );
}

/** Trainings each person attended, keyed by person id. */
export async function attendedBy(db: Db, personIds: readonly string[]): Promise<Map<string, Attended[]>> {
  const result = new Map<string, Attended[]>();
  if (personIds.length === 0) return result;
  const rows = await db
    .select({ personId: trainingAttendees.personId, date: trainings.date, covers: trainings.covers })
    .from(trainingAttendees)
    .innerJoin(trainings, eq(trainings.id, trainingAttendees.trainingId))
    .where(inArray(trainingAttendees.personId, [...personIds]));
  for (const row of rows) {
    const list = result.get(row.personId) ?? [];
    list.push({ date: row.date, covers: row.covers });
    result.set(row.personId, list);
  }
  return result;
}

/**
 * Recomputes readiness inside the caller's transaction and, when figures, level or gaps changed
 * since the last published value, stores it and enqueues `roster.readiness-changed` with it.
 */
export async function refreshReadiness(
  tx: Transaction,
  outbox: Outbox,
  organisationId: string,
  now = new Date(),
): Promise<Readiness | undefined> {
  const readiness = await readinessOf(tx, organisationId, now);
  if (!readiness) return undefined;
  const signature = JSON.stringify({
    level: readiness.level,
    score: readiness.score,
    figures: readiness.figures,
    gaps: readiness.gaps.map((g) => g.code),
  });
  const [previous] = await tx
    .select()
    .from(readinessSnapshots)
    .where(eq(readinessSnapshots.organisationId, organisationId))
    .for("update");
  if (previous?.signature === signature) return readiness;
  await tx
    .insert(readinessSnapshots)
    .values({ organisationId, level: readiness.level, score: readiness.score, signature, computedAt: now })
    .onConflictDoUpdate({
      target: readinessSnapshots.organisationId,
      set: { level: readiness.level, score: readiness.score, signature, computedAt: now },
    });
  await outbox.enqueue(
    tx,
    createEvent(RosterReadinessChanged, {
      organisationId,
      countyCode: readiness.countyCode,
      aggregateId: organisationId,
      data: {
        organisationId,
        level: readiness.level,
        score: readiness.score,
        previousLevel: (previous?.level as Readiness["level"] | undefined) ?? null,
        previousScore: previous?.score ?? null,
        figures: readiness.figures,
        gaps: readiness.gaps.map((g) => g.code),
      },
      occurredAt: now,
    }),
  );
  return readiness;
}

/**
 * Readiness also changes with time alone (training ages past two years, a review grows old), so a
 * timer re-checks every organisation; only real changes produce events.
 */
export async function refreshAllReadiness(db: Database, outbox: Outbox, now = new Date()): Promise<void> {
  const ids = await db.select({ id: organisations.id }).from(organisations);
  for (const { id } of ids) {
    await db.transaction((tx) => refreshReadiness(tx, outbox, id, now));
  }
}

const dutyColumn = {
  "guideline-review": "guidelineReviewedAt",
  "network-meeting": "networkMetAt",
  "training-plan": "trainingPlanAt",
  "steering-document-review": "steeringDocumentReviewedAt",
  "pkl-adjunct": "pklAdjunctAt",
} as const;

/** A yearly duty was done on `at`; readiness (and its reminders) is recomputed in the same transaction. */
export async function recordYearlyDuty(
  db: Database,
  outbox: Outbox,
  organisationId: string,
  duty: YearlyDuty,
  at: Date,
): Promise<Readiness | undefined> {
  return db.transaction(async (tx) => {
    await tx
      .update(organisations)
      .set({ [dutyColumn[duty]]: at })
      .where(eq(organisations.id, organisationId));
    return refreshReadiness(tx, outbox, organisationId);
  });
}
