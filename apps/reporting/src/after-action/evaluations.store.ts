import type {
  CreateEvaluationBody,
  Evaluation,
  EvaluationOutcome,
  Lesson,
  UpdateEvaluationBody,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { NotFoundError, UnprocessableError } from "@krisstod/http";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { activations, evaluations } from "../db/schema.ts";

type Row = typeof evaluations.$inferSelect;

export function toEvaluation(row: Row, now = new Date()): Evaluation {
  return {
    id: row.id,
    countyCode: row.countyCode,
    activationIds: row.activationIds,
    organisationIds: row.organisationIds,
    joint: row.joint,
    ownerName: row.ownerName,
    dueAt: row.dueAt.toISOString(),
    overdue: row.status !== "done" && row.dueAt < now,
    status: row.status as Evaluation["status"],
    whatHappened: row.whatHappened,
    whatWorked: row.whatWorked,
    whatToChange: row.whatToChange,
    lessons: row.lessons,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    ownerPersonId: row.ownerPersonId,
    exercise: row.exercise,
  };
}

/**
 * An evaluation of one or more activations. When they include both a POSOM and a PKL activation
 * it is joint: every organisation involved sees and writes it.
 */
export async function createEvaluation(
  db: Database,
  input: z.output<typeof CreateEvaluationBody>,
): Promise<Evaluation> {
  const linked = await db.select().from(activations).where(inArray(activations.id, input.activationIds));
  const missing = input.activationIds.filter((id) => !linked.some((a) => a.id === id));
  if (missing.length > 0) {
    throw new UnprocessableError("Some activations are unknown.", [
      { field: "activationIds", message: `unknown: ${missing.join(", ")}` },
    ]);
  }
  const organisationIds = [...new Set(linked.map((a) => a.organisationId))].sort();
  if (!organisationIds.includes(input.organisationId)) {
    throw new UnprocessableError("The evaluating organisation took no part in these activations.", [
      { field: "organisationId", message: "must be one of the activations' organisations" },
    ]);
  }
  const counties = new Set(linked.map((a) => a.countyCode));
  const kinds = new Set(linked.map((a) => a.kind));
  const [row] = await db
    .insert(evaluations)
    .values({
      id: uuidv7(),
      countyCode: [...counties][0] ?? "",
      activationIds: input.activationIds,
      organisationIds,
      joint: kinds.has("posom") && kinds.has("pkl"),
      ownerName: input.ownerName,
      dueAt: new Date(input.dueAt),
      status: "open",
      whatHappened: input.whatHappened,
      whatWorked: input.whatWorked,
      whatToChange: input.whatToChange,
      lessons: input.lessons,
      // An evaluation of exercises stays with the exercises in every count.
      exercise: linked.length > 0 && linked.every((a) => a.exercise),
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return toEvaluation(row);
}

export async function findEvaluation(db: Database, id: string): Promise<Row> {
  const [row] = await db.select().from(evaluations).where(eq(evaluations.id, id)).limit(1);
  if (!row) throw new NotFoundError("No such evaluation.");
  return row;
}

export async function updateEvaluation(
  db: Database,
  id: string,
  input: z.output<typeof UpdateEvaluationBody>,
  now = new Date(),
): Promise<Evaluation> {
  const { organisationId: _by, status, dueAt, ...text } = input;
  const [row] = await db
    .update(evaluations)
    .set({
      ...Object.fromEntries(Object.entries(text).filter(([, v]) => v !== undefined)),
      ...(dueAt ? { dueAt: new Date(dueAt) } : {}),
      ...(status ? { status, completedAt: status === "done" ? now : null } : {}),
    })
    .where(eq(evaluations.id, id))
    .returning();
  if (!row) throw new NotFoundError("No such evaluation.");
  return toEvaluation(row, now);
}

export async function listEvaluations(
  db: Database,
  filter: { organisationId?: string | undefined; countyCode?: string | undefined },
): Promise<Evaluation[]> {
  const rows = await db
    .select()
    .from(evaluations)
    .where(
      and(
        filter.organisationId
          ? sql`${filter.organisationId} = any(${evaluations.organisationIds})`
          : undefined,
        filter.countyCode ? eq(evaluations.countyCode, filter.countyCode) : undefined,
      ),
    )
    .orderBy(desc(evaluations.createdAt))
    .limit(1_000);
  return rows.map((row) => toEvaluation(row));
}

/** Lessons learned in the county, newest first, for the county network's meetings. */
export async function listLessons(
  db: Database,
  countyCode: string,
  since: Date | undefined,
): Promise<Lesson[]> {
  const rows = await db
    .select()
    .from(evaluations)
    .where(
      and(
        eq(evaluations.countyCode, countyCode),
        since ? sql`${evaluations.createdAt} >= ${since}` : undefined,
      ),
    )
    .orderBy(desc(evaluations.createdAt));
  return rows.flatMap((row) =>
    row.lessons.map((lesson) => ({
      evaluationId: row.id,
      organisationIds: row.organisationIds,
      joint: row.joint,
      lesson,
      recordedAt: row.createdAt.toISOString(),
    })),
  );
}

/**
 * What the evaluation of an activation concluded (a support-person activation is evaluated with its
 * ledningsgrupp's root activation). The texts only once the evaluation is done.
 */
export async function evaluationOutcome(
  db: Database,
  activation: { id: string; parentId: string | null },
): Promise<EvaluationOutcome> {
  const rootId = activation.parentId ?? activation.id;
  const [row] = await db
    .select()
    .from(evaluations)
    .where(sql`${rootId}::uuid = any(${evaluations.activationIds})`)
    .orderBy(desc(evaluations.createdAt))
    .limit(1);
  const done = row?.status === "done";
  return {
    activationId: activation.id,
    status: !row ? "none" : done ? "done" : "open",
    joint: row?.joint ?? false,
    completedAt: done ? (row.completedAt?.toISOString() ?? null) : null,
    whatHappened: done ? row.whatHappened : "",
    whatWorked: done ? row.whatWorked : "",
    whatToChange: done ? row.whatToChange : "",
    lessons: done ? row.lessons : [],
  };
}
