import {
  type FullRegionalPicture,
  incidentFromColumns,
  type PictureActivation,
  type PictureIncident,
  type PictureMutualAid,
  type PictureReadiness,
  type PictureSituationReport,
  type PictureSupportCentre,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { and, asc, eq, max } from "drizzle-orm";
import { feed, pictureIncidents, pictureItems } from "../db/schema.ts";
import { Section, suppressCounts } from "./projection.ts";

type Row = typeof pictureIncidents.$inferSelect;

/** The incident as activation's own table reads it (the same columns, one reading). */
function toPictureIncident(row: Row): PictureIncident {
  return incidentFromColumns(row);
}

/**
 * The picture and the feed position it reflects, read in one repeatable-read snapshot so that
 * resuming the stream from `lastEventId` neither misses nor repeats a change.
 */
export async function readPicture(
  db: Database,
  countyCode: string | undefined,
): Promise<FullRegionalPicture> {
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
        .orderBy(asc(pictureIncidents.occurredAt), asc(pictureIncidents.id));
      const items = await tx
        .select({ section: pictureItems.section, item: pictureItems.item })
        .from(pictureItems)
        .where(
          and(
            eq(pictureItems.active, true),
            countyCode ? eq(pictureItems.countyCode, countyCode) : undefined,
          ),
        )
        .orderBy(asc(pictureItems.section), asc(pictureItems.id));
      const section = <T>(name: string) => items.filter((i) => i.section === name).map((i) => i.item as T);
      return {
        countyCode: countyCode ?? null,
        lastEventId: Number(position?.seq ?? 0),
        incidents: rows.map(toPictureIncident),
        activations: section<PictureActivation>(Section.activations),
        mutualAid: section<PictureMutualAid>(Section.mutualAid),
        // Counts suppressed by today's rule, also in items projected before it.
        supportCentres: section<PictureSupportCentre>(Section.supportCentres).map((centre) => ({
          ...centre,
          counts: suppressCounts(centre.counts),
        })),
        readiness: section<PictureReadiness>(Section.readiness),
        situationReports: section<PictureSituationReport>(Section.situationReports),
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
