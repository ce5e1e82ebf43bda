import type { FullRegionalPicture } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { and, eq, max } from "drizzle-orm";
import { feed, pictureIncidents, pictureItems } from "../db/schema.ts";
import { PictureState } from "./picture-state.ts";

/** The picture's rows of one county (or of all) and the feed position they reflect. */
export interface PictureRows {
  lastEventId: number;
  incidents: (typeof pictureIncidents.$inferSelect)[];
  items: { section: string; id: string; countyCode: string; item: unknown }[];
}

/**
 * The open incidents and active items, and the feed position they reflect, read in one
 * repeatable-read snapshot so that resuming the stream from `lastEventId` neither misses nor
 * repeats a change.
 */
export async function readPictureRows(db: Database, countyCode: string | undefined): Promise<PictureRows> {
  return db.transaction(
    async (tx) => {
      const [position] = await tx.select({ seq: max(feed.seq) }).from(feed);
      const incidents = await tx
        .select()
        .from(pictureIncidents)
        .where(
          and(
            eq(pictureIncidents.status, "open"),
            countyCode ? eq(pictureIncidents.countyCode, countyCode) : undefined,
          ),
        );
      const items = await tx
        .select({
          section: pictureItems.section,
          id: pictureItems.id,
          countyCode: pictureItems.countyCode,
          item: pictureItems.item,
        })
        .from(pictureItems)
        .where(
          and(
            eq(pictureItems.active, true),
            countyCode ? eq(pictureItems.countyCode, countyCode) : undefined,
          ),
        );
      return { lastEventId: Number(position?.seq ?? 0), incidents, items };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** The picture read from the tables (the feed hubs keep it in memory; see PictureState). */
export async function readPicture(
  db: Database,
  countyCode: string | undefined,
): Promise<FullRegionalPicture> {
  const state = new PictureState();
  state.load(await readPictureRows(db, countyCode));
  return state.picture(countyCode);
}
