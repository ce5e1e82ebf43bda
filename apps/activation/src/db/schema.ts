import { busTables } from "@krisstod/bus";
import { boolean, doublePrecision, index, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const activationSchema = pgSchema("activation");

export const incidents = activationSchema.table(
  "incidents",
  {
    id: uuid("id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    countyCode: text("county_code").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
    address: text("address"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    affectedMunicipalities: text("affected_municipalities").array().notNull(),
    extraordinary: boolean("extraordinary").notNull(),
    crisisManagementActivated: boolean("crisis_management_activated").notNull(),
    status: text("status").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("incidents_county_created_idx").on(t.countyCode, t.createdAt)],
);

export const { outbox, inbox, deadLetters } = busTables(activationSchema);
export const tables = { outbox, inbox, deadLetters };
