import { createEvent, type Outbox } from "@krisstod/bus";
import { ActivationClosed, type RosterGroup } from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ConflictError, NotFoundError } from "@krisstod/http";
import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { offerDebriefs } from "../after-work/debrief-offers.ts";
import { activations, callOuts, incidents, messages, timers } from "../db/schema.ts";
import {
  type ActivationRow,
  countCallOuts,
  eventFields,
  lockActivation,
  setStatus,
  tookPart,
} from "./callout.ts";

const DAY_MS = 86_400_000;

export interface CloseOptions {
  closedWith: "decision" | "incident-closed" | "parent-closed";
  now: Date;
  /** When the evaluation is due; `evaluationDueDays` after closing unless given. */
  evaluationDueAt?: Date | undefined;
  evaluationDueDays: number;
}

/**
 * Closes one activation under its lock, in the caller's transaction: status closed, messages not
 * yet handed to the notifier are cancelled and pending escalation timers are settled (so nobody
 * more is called), then `activation.status-changed` (for the picture) and `activation.closed` (the
 * after-work) are enqueued in the same commit.
 */
export async function closeActivationRow(
  tx: Transaction,
  outbox: Outbox,
  activation: ActivationRow,
  options: CloseOptions,
): Promise<ActivationRow> {
  const { now } = options;
  // SKIP LOCKED: a message the sender holds is being handed to the provider right now (it will be
  // sent); waiting for it would hold this close, and the activation's lock, as long as the provider
  // takes to answer. The rest are cancelled.
  const unsent = tx
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.activationId, activation.id),
        eq(messages.status, "pending"),
        // Debrief offers are the after-work's, written after a close: they still go out.
        eq(messages.kind, "call-out"),
      ),
    )
    .for("update", { skipLocked: true });
  await tx
    .update(messages)
    .set({ status: "cancelled", lastError: "activation closed" })
    .where(inArray(messages.id, unsent));
  // SKIP LOCKED: a timer the worker holds is left to it. The worker locks its timer before the
  // activation, we the other way round; waiting here would deadlock. Under the activation lock the
  // worker's step finds the activation closed and does nothing but mark its timer processed.
  const pending = tx
    .select({ id: timers.id })
    .from(timers)
    .where(and(eq(timers.activationId, activation.id), isNull(timers.processedAt)))
    .for("update", { skipLocked: true });
  await tx.update(timers).set({ processedAt: now }).where(inArray(timers.id, pending));
  const counts = await countCallOuts(tx, activation.id);
  const closed = await setStatus(tx, outbox, activation, "closed", counts);
  const [row] = await tx
    .update(activations)
    .set({ closedAt: now })
    .where(eq(activations.id, activation.id))
    .returning();
  const accepted = await tx
    .select({ personId: callOuts.personId })
    .from(callOuts)
    .where(and(eq(callOuts.activationId, activation.id), inArray(callOuts.status, tookPart)));
  const [incident] = await tx
    .select({ exercise: incidents.exercise })
    .from(incidents)
    .where(eq(incidents.id, activation.incidentId));
  await outbox.enqueue(
    tx,
    createEvent(ActivationClosed, {
      ...eventFields(closed),
      occurredAt: now,
      data: {
        activationId: closed.id,
        incidentId: closed.incidentId,
        group: closed.group as RosterGroup,
        parentActivationId: closed.parentActivationId,
        exercise: incident?.exercise ?? false,
        closedAt: now.toISOString(),
        closedWith: options.closedWith,
        counts,
        participantPersonIds: accepted.map((p) => p.personId).sort(),
        evaluation: {
          ...evaluationOwner(closed),
          dueAt: (
            options.evaluationDueAt ?? new Date(now.getTime() + options.evaluationDueDays * DAY_MS)
          ).toISOString(),
        },
      },
    }),
  );
  // The organisation's work on the incident may have ended with this: everyone who took part is
  // offered a debrief (a no-op while its ledningsgrupp activation still runs).
  await offerDebriefs(tx, outbox, closed.organisationId, closed.incidentId, now);
  return row ?? closed;
}

/**
 * Who owns the evaluation, by function (no names on the bus): the group's coordinator, as the
 * guidelines give it (Laholm 3.7 "Sammankallande i POSOMs ledningsgrupp ansvarar för att uppföljning
 * och utvärdering genomförs"; Enköping "ansvarig för POSOM ska … utvärdera"), else the decider.
 */
function evaluationOwner(activation: ActivationRow): { ownerPersonId: string; ownerFunctionTitle: string } {
  if (!activation.coordinatorPersonId) {
    return {
      ownerPersonId: activation.decidedByPersonId,
      ownerFunctionTitle: activation.decidedByFunctionTitle,
    };
  }
  return {
    ownerPersonId: activation.coordinatorPersonId,
    ownerFunctionTitle: activation.organisationId.startsWith("region-")
      ? "PKL-samordnare"
      : "POSOM-samordnare",
  };
}

/**
 * Closes an activation by decision (POST /activations/:id/close), and the support-person
 * activations decided under it: refused when it is already closed. Scope is checked by the caller.
 */
export async function closeActivation(
  db: Database,
  outbox: Outbox,
  id: string,
  options: Omit<CloseOptions, "closedWith" | "now">,
): Promise<void> {
  await db.transaction(async (tx) => {
    const activation = await lockActivation(tx, id);
    if (!activation) throw new NotFoundError("No such activation.");
    if (activation.status === "closed")
      throw new ConflictError("The activation is already closed.", "activation-closed");
    const now = new Date();
    await closeActivationRow(tx, outbox, activation, { ...options, closedWith: "decision", now });
    // Support persons activated under this ledningsgrupp activation end with it: nobody more is
    // called for an activation whose group has stood down, and their after-work starts too.
    const children = await tx
      .select()
      .from(activations)
      .where(and(eq(activations.parentActivationId, id), ne(activations.status, "closed")))
      .for("update");
    for (const child of children) {
      await closeActivationRow(tx, outbox, child, { ...options, closedWith: "parent-closed", now });
    }
  });
}
