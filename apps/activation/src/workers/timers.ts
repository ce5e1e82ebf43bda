import type { ServiceContext } from "@krisstod/runtime";
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import { stepDeps } from "../activations/activations.store.ts";
import { escalate, lockActivation } from "../activations/callout.ts";
import { timers } from "../db/schema.ts";
import type { ActivationParts } from "../parts.ts";
import { startPoller } from "./poller.ts";

/**
 * Processes due timers, one per transaction: the timer row is claimed with FOR UPDATE SKIP LOCKED,
 * the step runs and the row is marked processed in the same commit. A crash before commit leaves
 * the timer due, so after a restart the step runs again with nothing of it half-done.
 */
export function startTimerWorker(context: ServiceContext, parts: ActivationParts) {
  const { db } = context.database;
  const deps = stepDeps(context.outbox, parts);
  const poller = startPoller({
    name: "timers",
    intervalMs: parts.env.TIMER_POLL_MS,
    logger: context.logger,
    work: async () => {
      const processed = await db.transaction(async (tx) => {
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
      if (processed) parts.wake.sender();
      return processed;
    },
  });
  parts.wake.timers = poller.wake;
  return poller.stop;
}
