import { createEvent, type Outbox } from "@krisstod/bus";
import { CentreOccupancyChanged, nextPublishedCounts } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import type { Logger } from "@krisstod/logging";
import { and, eq, isNull, lt, or, type SQL } from "drizzle-orm";
import { centres, OCCUPANCY_DUE } from "../db/schema.ts";
import { countsOf, operatorOrganisations } from "./centres.store.ts";
import { foldCountChanges } from "./count-changes.ts";
import { sameCounts, shownOutside } from "./counts.ts";

/**
 * The occupancy clock. A centre's figures leave its organisation only here: at each tick, every
 * centre that is open (or closed since the tick before) publishes its counts of that moment, by the
 * rule of `nextPublishedCounts`, as a `centre.occupancy-changed` event — when they differ from what
 * it published last (the first tick always publishes). Published with each change, as before, an
 * event told whoever received them all that exactly one arrival or departure had happened (the
 * total first showing 5 then meant exactly 5); on a clock, the number of changes between two
 * publications stays unknown, and a tick without an event says only that the figures held
 * (docs/suppression.md).
 */

/** The tick a moment falls in: the last multiple of the interval since the epoch, the same on every replica. */
export function tickOf(now: Date, intervalMs: number): Date {
  return new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);
}

/** Not yet handled at `tick`. */
const before = (tick: Date): SQL =>
  or(isNull(centres.occupancyTickedAt), lt(centres.occupancyTickedAt, tick)) as SQL;

/**
 * Publishes every due centre's occupancy for `tick`, each centre in a transaction of its own: the
 * published figures, the tick and the outbox row commit together. Safe with several replicas: the
 * centre row is locked and asked again whether it was handled at this tick, so a second replica
 * waits for the first and then finds nothing to do (at most one publication per centre per tick).
 * Returns how many centres it published.
 */
export async function publishOccupancy(db: Database, outbox: Outbox, tick: Date): Promise<number> {
  const due = await db
    .select({ id: centres.id })
    .from(centres)
    .where(and(OCCUPANCY_DUE, before(tick)))
    .orderBy(centres.id)
    .limit(1000);
  let published = 0;
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ id: centres.id })
        .from(centres)
        .where(and(eq(centres.id, id), before(tick)))
        .for("update");
      if (!locked) return false;
      // The figures of this moment: the arrivals and departures recorded since the last tick go
      // into the row now, under its lock (count-changes.ts).
      const row = await foldCountChanges(tx, id);
      if (!row) return false;
      const previous = row.publishedCounts ? shownOutside(row.publishedCounts) : null;
      const counts = nextPublishedCounts(previous, countsOf(row));
      if (previous && sameCounts(previous, counts)) {
        await tx.update(centres).set({ occupancyTickedAt: tick }).where(eq(centres.id, id));
        return false;
      }
      await tx
        .update(centres)
        .set({ publishedCounts: counts, publishedAt: tick, occupancyTickedAt: tick })
        .where(eq(centres.id, id));
      await outbox.enqueue(
        tx,
        createEvent(CentreOccupancyChanged, {
          organisationId: operatorOrganisations(row)[0] ?? "unknown",
          countyCode: row.countyCode,
          aggregateId: row.id,
          data: {
            centreId: row.id,
            incidentId: row.incidentId,
            capacity: row.capacity,
            counts,
            asOf: tick.toISOString(),
          },
        }),
      );
      return true;
    });
    if (done) published += 1;
  }
  return published;
}

/**
 * Runs the clock: at each tick boundary (multiples of `intervalMs`, so replicas agree on the
 * ticks) publishes the occupancy for that tick. A failed run is logged and the next tick publishes
 * (the counts of its own moment). Returns the stop function.
 */
export function startOccupancyClock(
  db: Database,
  outbox: Outbox,
  logger: Logger,
  intervalMs: number,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    const now = Date.now();
    const next = tickOf(new Date(now), intervalMs).getTime() + intervalMs;
    timer = setTimeout(run, next - now);
  };
  const run = () => {
    const tick = tickOf(new Date(), intervalMs);
    // A run whose database connection died mid-query may never settle: the clock must not stop with
    // it (other organisations' figures would freeze), so after a while the next tick goes ahead.
    // Each centre's tick is claimed under its row lock, so a late run publishes nothing twice.
    let giveUp: NodeJS.Timeout | undefined;
    const stalled = new Promise<void>((resolve) => {
      giveUp = setTimeout(
        () => {
          logger.error({ tick }, "occupancy clock run stalled; the next tick publishes");
          resolve();
        },
        Math.max(intervalMs * 4, 10_000),
      );
    });
    const published = publishOccupancy(db, outbox, tick).then(
      () => undefined,
      (error: unknown) => logger.error({ err: error }, "occupancy clock run failed; the next tick publishes"),
    );
    running = Promise.race([published, stalled]).finally(() => clearTimeout(giveUp));
    void running.then(schedule);
  };
  schedule();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
