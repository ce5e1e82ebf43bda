import type { Database } from "@krisstod/db";
import type { Logger } from "@krisstod/logging";
import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { centres, childHandovers, countySettingsRows, visitorPersonalData, visitors } from "../db/schema.ts";

/**
 * Gallring: a set time after a centre closes, its visitors' personal data (registrations and child
 * handovers) is deleted. The visits (no personal data) and the centre's counts remain for statistics.
 * The time is the centre's county's setting `visitorDataRetentionDays` (the guideline gives none),
 * `defaultRetentionDays` where the county has not set it. Returns how many centres were cleared.
 */
export async function purgeExpiredPersonalData(
  db: Database,
  now: Date,
  defaultRetentionDays: number,
): Promise<number> {
  const countyDays = db
    .select({ days: sql`(${countySettingsRows.values}->>'visitorDataRetentionDays')::int` })
    .from(countySettingsRows)
    .where(eq(countySettingsRows.countyCode, centres.countyCode));
  const retentionDays = sql`coalesce((${countyDays}), ${defaultRetentionDays})`;
  const due = await db
    .select({ id: centres.id })
    .from(centres)
    .where(
      and(
        eq(centres.status, "closed"),
        lt(
          centres.closedAt,
          sql`${now.toISOString()}::timestamptz - make_interval(days => ${retentionDays})`,
        ),
        isNull(centres.personalDataDeletedAt),
      ),
    )
    .limit(100);
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const visits = tx.select({ id: visitors.id }).from(visitors).where(eq(visitors.centreId, id));
      await tx.delete(visitorPersonalData).where(inArray(visitorPersonalData.visitorId, visits));
      await tx.delete(childHandovers).where(eq(childHandovers.centreId, id));
      await tx.update(centres).set({ personalDataDeletedAt: now }).where(eq(centres.id, id));
    });
  }
  return due.length;
}

/** Runs the purge at start and then every `intervalMs`; returns the stop function. */
export function startRetention(
  db: Database,
  logger: Logger,
  retentionDays: number,
  intervalMs: number,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = purgeExpiredPersonalData(db, new Date(), retentionDays).then(
      (cleared) => {
        if (cleared > 0) logger.info({ centres: cleared }, "deleted visitors' personal data after retention");
      },
      (error: unknown) => logger.error({ err: error }, "retention run failed; will try again"),
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
