import type { ServiceContext } from "@krisstod/runtime";
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import { stepDeps } from "../activations/activations.store.ts";
import { escalate, lockActivation } from "../activations/callout.ts";
import { timers } from "../db/schema.ts";
import type { ActivationParts } from "../parts.ts";
import { startPoller } from "./poller.ts";

/**
 * Steps taken at once by one process (one loop each). A county call-out is called in chunks, one
 * step each (see `escalate`): several activations' chunks run side by side, so one's round trips
 * overlap another's CPU, as the decisions did when they called everyone themselves. Two steps of
 * one activation queue on its lock. Kept small: the steps share the pool with HTTP and the sender.
 */
const STEPS_IN_FLIGHT = 3;

/**
 * Processes due timers, one per transaction: the timer row is claimed with FOR UPDATE SKIP LOCKED,
 * the step runs and the row is marked processed in the same commit. A crash before commit leaves
 * the timer due, so after a restart the step runs again with nothing of it half-done.
 */
export function startTimerWorker(context: ServiceContext, parts: ActivationParts) {
  const { db } = context.database;
  const deps = stepDeps(context.outbox, parts);
  const step = () =>
    db.transaction(async (tx) => {
      const now = new Date();
      const [timer] = await tx
        .select()
        .from(timers)
        .where(and(isNull(timers.processedAt), lte(timers.dueAt, now)))
        .orderBy(asc(timers.dueAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!timer) return false;
      const activation = await lockActivation(tx, timer.activationId);
      if (activation) await escalate(tx, deps, activation, now);
      await tx.update(timers).set({ processedAt: now }).where(eq(timers.id, timer.id));
      return true;
    });
  // Loops of their own, not batches: each takes its next step as soon as its last one committed,
  // so a chunk's next (due now) follows it at once, whatever the other loops are waiting on.
  const pollers = Array.from({ length: STEPS_IN_FLIGHT }, (_, index) =>
    startPoller({
      name: `timers-${index + 1}`,
      intervalMs: parts.env.TIMER_POLL_MS,
      logger: context.logger,
      work: async () => {
        const processed = await step();
        if (processed) parts.wake.sender();
        return processed;
      },
    }),
  );
  // One loop is enough for a step made due now: a loop that finds work looks again at once, so the
  // others are woken by no one and the steps after it are taken as they come due. Waking all of
  // them cost an empty claim transaction each.
  parts.wake.timers = () => {
    (pollers.find((poller) => poller.sleeping) ?? pollers[0])?.wake();
  };
  return async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
  };
}
