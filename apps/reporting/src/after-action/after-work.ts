import type { ActivationClosed, EventEnvelope, RosterGroup } from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { activations, evaluations, participants } from "../db/schema.ts";
import { recordParticipant } from "./activations.store.ts";

export const roleOf = (group: RosterGroup) =>
  group === "management" ? "ledningsgrupp" : group === "pkl" ? "pkl" : "support-person";

type Closed = z.infer<(typeof ActivationClosed)["data"]>;

/**
 * Who sees and writes the evaluation: the organisation whose group worked and, when it stood in for
 * a neighbour that could not be reached, that neighbour too — Laholm 3.7 "Varje insats skall
 * utvärderas", also the help Laholm received from Halmstad or Båstad (3.1).
 */
async function evaluatingOrganisations(
  tx: Transaction,
  rootId: string,
  organisationId: string,
): Promise<string[]> {
  const [root] = await tx
    .select({ fallbackForId: activations.fallbackForId })
    .from(activations)
    .where(eq(activations.id, rootId));
  if (!root?.fallbackForId) return [organisationId];
  const [asker] = await tx
    .select({ organisationId: activations.organisationId })
    .from(activations)
    .where(eq(activations.id, root.fallbackForId));
  return [...new Set([organisationId, ...(asker ? [asker.organisationId] : [])])].sort();
}

type ActivationRow = typeof activations.$inferSelect;

/**
 * Halland: "I de fall gemensamma insatser har genomförts bör samverkan utvärderas gemensamt." When
 * the other kind (POSOM for PKL, PKL for POSOM) already has an open evaluation of the same incident,
 * this activation joins it: one joint evaluation that every organisation involved sees and writes.
 * Exercises join exercises only. Returns whether it joined one.
 */
async function joinJointEvaluation(
  tx: Transaction,
  activation: ActivationRow,
  rootId: string,
  organisationIds: string[],
): Promise<boolean> {
  if (!activation.incidentId) return false;
  const [other] = await tx
    .select({ id: evaluations.id, organisationIds: evaluations.organisationIds })
    .from(evaluations)
    .innerJoin(activations, sql`${activations.id} = any(${evaluations.activationIds})`)
    .where(
      and(
        eq(activations.incidentId, activation.incidentId),
        ne(activations.kind, activation.kind),
        ne(evaluations.status, "done"),
        eq(evaluations.exercise, activation.exercise),
      ),
    )
    .orderBy(asc(evaluations.createdAt))
    .limit(1)
    .for("update");
  if (!other) return false;
  await tx
    .update(evaluations)
    .set({
      activationIds: sql`array_append(${evaluations.activationIds}, ${rootId}::uuid)`,
      organisationIds: [...new Set([...other.organisationIds, ...organisationIds])].sort(),
      joint: true,
    })
    .where(eq(evaluations.id, other.id));
  return true;
}

/**
 * The after-work of a closed activation, in the consumer's transaction: the activation ends, everyone
 * who accepted is a participant of the root activation (the ledningsgrupp's) and is offered a
 * debrief, and the root activation gets an evaluation owned by the decider, due when the event says.
 * Idempotent: a redelivered or repeated close offers nobody twice and creates no second evaluation.
 */
export async function startAfterWork(tx: Transaction, event: EventEnvelope, data: Closed): Promise<void> {
  const closedAt = new Date(data.closedAt);
  // A decision that never reached us still gets a record, so the after-work has somewhere to go.
  await tx
    .insert(activations)
    .values({
      id: data.activationId,
      organisationId: event.organisationId,
      countyCode: event.countyCode,
      incidentId: data.incidentId,
      kind: data.group === "pkl" ? "pkl" : "posom",
      activatedAt: closedAt,
      group: data.group,
      parentId: data.parentActivationId,
      exercise: data.exercise,
    })
    .onConflictDoNothing();
  const [activation] = await tx
    .update(activations)
    .set({ endedAt: closedAt, exercise: data.exercise })
    .where(eq(activations.id, data.activationId))
    .returning();
  if (!activation) return;
  const rootId = activation.parentId ?? activation.id;

  for (const personId of data.participantPersonIds) {
    await recordParticipant(tx, rootId, personId, {
      organisationId: event.organisationId,
      role: roleOf(data.group),
    });
  }
  if (data.participantPersonIds.length > 0) {
    await tx
      .update(participants)
      .set({ debriefStatus: "offered", debriefOfferedAt: closedAt })
      .where(
        and(
          eq(participants.activationId, rootId),
          inArray(participants.personId, data.participantPersonIds),
          eq(participants.debriefStatus, "not-offered"),
        ),
      );
  }

  // One evaluation per root activation (a support-person activation is evaluated with its group's).
  const [existing] = await tx
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(sql`${rootId}::uuid = any(${evaluations.activationIds})`)
    .limit(1);
  if (existing) return;
  const organisationIds = await evaluatingOrganisations(tx, rootId, event.organisationId);
  if (await joinJointEvaluation(tx, activation, rootId, organisationIds)) return;
  await tx.insert(evaluations).values({
    id: uuidv7(),
    countyCode: event.countyCode,
    activationIds: [rootId],
    organisationIds,
    joint: false,
    // No names on the bus: the owner is named by function; the person id links to the roster.
    ownerName: data.evaluation.ownerFunctionTitle,
    ownerPersonId: data.evaluation.ownerPersonId,
    dueAt: new Date(data.evaluation.dueAt),
    status: "open",
    whatHappened: "",
    whatWorked: "",
    whatToChange: "",
    lessons: [],
    exercise: data.exercise,
  });
}
