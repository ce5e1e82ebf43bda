import type { Outbox } from "@krisstod/bus";
import type { NetworkMeeting, Principal, RecordNetworkMeetingBody } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { InvalidError } from "@krisstod/http";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { networkMeetings, organisations } from "../db/schema.ts";
import { refreshReadiness } from "../readiness/readiness.store.ts";

type MeetingRow = typeof networkMeetings.$inferSelect;

const toMeeting = (row: MeetingRow): NetworkMeeting => ({
  id: row.id,
  countyCode: row.countyCode,
  on: row.heldOn,
  organisations: row.organisations,
  note: row.note,
  guidelineReviewed: row.guidelineReviewed,
  recordedAt: row.recordedAt.toISOString(),
});

/**
 * Records a meeting of the county's network, held on `body.on`, and each organisation that took
 * part as having met then (its readiness reminder "Nätverket har inte träffats" goes) and, when the
 * network reviewed the guideline there, as having reviewed it then, in one
 * transaction with their readiness. An organisation's latest meeting stays its latest: a meeting
 * recorded late, after a newer one, does not move it back. Organisations must be the county's.
 */
export async function recordNetworkMeeting(
  db: Database,
  outbox: Outbox,
  principal: Principal,
  body: z.output<typeof RecordNetworkMeetingBody>,
): Promise<NetworkMeeting> {
  const attended = [...new Set(body.organisations)];
  return db.transaction(async (tx) => {
    const known = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(inArray(organisations.id, attended), eq(organisations.countyCode, principal.countyCode)));
    const unknown = attended.filter((id) => !known.some((k) => k.id === id));
    if (unknown.length > 0) {
      throw new InvalidError(`Not organisations of county ${principal.countyCode}: ${unknown.join(", ")}.`, [
        { field: "organisations", message: `not of the county: ${unknown.join(", ")}` },
      ]);
    }
    const [row] = await tx
      .insert(networkMeetings)
      .values({
        id: uuidv7(),
        countyCode: principal.countyCode,
        heldOn: body.on,
        organisations: attended,
        note: body.note,
        guidelineReviewed: body.guidelineReviewed,
        recordedBy: principal.userId,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    // Noon UTC of the day, as a duty recorded on a given day is (readiness.routes.ts).
    const heldAt = sql`${new Date(`${body.on}T12:00:00Z`).toISOString()}::timestamptz`;
    await tx
      .update(organisations)
      .set({
        networkMetAt: sql`greatest(${organisations.networkMetAt}, ${heldAt})`,
        ...(body.guidelineReviewed
          ? { guidelineReviewedAt: sql`greatest(${organisations.guidelineReviewedAt}, ${heldAt})` }
          : {}),
      })
      .where(inArray(organisations.id, attended));
    for (const id of attended) await refreshReadiness(tx, outbox, id);
    return toMeeting(row);
  });
}

/** The county's recorded network meetings, newest first. */
export async function listNetworkMeetings(db: Database, countyCode: string): Promise<NetworkMeeting[]> {
  const rows = await db
    .select()
    .from(networkMeetings)
    .where(eq(networkMeetings.countyCode, countyCode))
    .orderBy(desc(networkMeetings.heldOn), desc(networkMeetings.recordedAt));
  return rows.map(toMeeting);
}
