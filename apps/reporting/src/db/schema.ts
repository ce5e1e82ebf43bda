import { busTables } from "@krisstod/bus";
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const reportingSchema = pgSchema("reporting");

/** Projection: incidents as the regional picture shows them. Rebuildable from the event history. */
export const pictureIncidents = reportingSchema.table(
  "picture_incidents",
  {
    id: uuid("id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    countyCode: text("county_code").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
    address: text("address"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    affectedMunicipalities: text("affected_municipalities").array().notNull(),
    extraordinary: boolean("extraordinary").notNull(),
    status: text("status").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("picture_incidents_county_status_idx").on(t.countyCode, t.status)],
);

/**
 * Every change of the picture, in order. Its position is the SSE event id, so a dashboard that
 * reconnects with Last-Event-ID gets exactly what it missed.
 */
export const feed = reportingSchema.table(
  "feed",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    countyCode: text("county_code").notNull(),
    change: jsonb("change").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("feed_county_seq_idx").on(t.countyCode, t.seq)],
);

export const { outbox, inbox, deadLetters } = busTables(reportingSchema);
export const tables = { outbox, inbox, deadLetters };
