import type { PictureIncident, RegionalPicture } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { and, asc, eq, max } from "drizzle-orm";
import { feed, pictureIncidents } from "../db/schema.ts";

type Row = typeof pictureIncidents.$inferSelect;

function toPictureIncident(row: Row): PictureIncident {
  return {
    id: row.id,
    organisationId: row.organisationId,
    countyCode: row.countyCode,
    kind: row.kind as PictureIncident["kind"],
    title: row.title,
    location: { lat: row.lat, lon: row.lon, ...(row.address ? { address: row.address } : {}) },
    occurredAt: row.occurredAt.toISOString(),
    affectedMunicipalities: row.affectedMunicipalities,
    extraordinary: row.extraordinary,
    status: row.status as PictureIncident["status"],
  };
}

/**
 * The picture and the feed position it reflects, read in one repeatable-read snapshot so that
 * resuming the stream from `lastEventId` neither misses nor repeats a change.
 */
export async function readPicture(db: Database, countyCode: string | undefined): Promise<RegionalPicture> {
  return db.transaction(
    async (tx) => {
      const [position] = await tx.select({ seq: max(feed.seq) }).from(feed);
      const rows = await tx
        .select()
        .from(pictureIncidents)
        .where(
          and(
            eq(pictureIncidents.status, "open"),
            countyCode ? eq(pictureIncidents.countyCode, countyCode) : undefined,
          ),
        )
        .orderBy(asc(pictureIncidents.occurredAt));
      return {
        countyCode: countyCode ?? null,
        lastEventId: Number(position?.seq ?? 0),
        incidents: rows.map(toPictureIncident),
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
