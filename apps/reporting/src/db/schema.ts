import { auditTables } from "@krisstod/audit";
import { busTables } from "@krisstod/bus";
import { countySettingsTable } from "@krisstod/runtime/county-settings";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
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
    /** Since when it is extraordinary (situation reports are due from then); null: not, or not said. */
    extraordinarySince: timestamp("extraordinary_since", { withTimezone: true }),
    /** The municipality's crisis management is activated: POSOM's lägesbild and needs go to it. */
    crisisManagementActivated: boolean("crisis_management_activated").notNull().default(false),
    /** An exercise (övning): marked on the picture. */
    exercise: boolean("exercise").notNull().default(false),
    status: text("status").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("picture_incidents_county_status_idx").on(t.countyCode, t.status)],
);

/**
 * Projection: the picture's other sections (activations, support centres, mutual aid, readiness,
 * situation-report status), one row per item, the item as its contract shapes it. Rebuildable.
 */
export const pictureItems = reportingSchema.table(
  "picture_items",
  {
    section: text("section").notNull(),
    id: text("id").notNull(),
    countyCode: text("county_code").notNull(),
    item: jsonb("item").notNull(),
    /** Only open items are shown; closed ones stay so a late event cannot reopen them. */
    active: boolean("active").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.section, t.id] }),
    index("picture_items_county_idx").on(t.countyCode, t.active),
  ],
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

// ---- situation reports: one row per version, never updated (a trigger refuses it) ----

export const situationReports = reportingSchema.table(
  "situation_reports",
  {
    id: uuid("id").primaryKey(),
    incidentId: uuid("incident_id").notNull(),
    organisationId: text("organisation_id").notNull(),
    countyCode: text("county_code").notNull(),
    version: integer("version").notNull(),
    situation: text("situation").notNull(),
    consequences: text("consequences").notNull(),
    actionsTaken: text("actions_taken").notNull(),
    supportCentres: text("support_centres").notNull(),
    resourcesAndNeeds: text("resources_and_needs").notNull(),
    nextReportDue: timestamp("next_report_due", { withTimezone: true }),
    submittedBy: text("submitted_by").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("situation_reports_version_idx").on(t.incidentId, t.organisationId, t.version),
    index("situation_reports_county_idx").on(t.countyCode, t.incidentId),
  ],
);

// ---- logbooks: append-only (a trigger refuses UPDATE and DELETE) ----

export const logbookEntries = reportingSchema.table(
  "logbook_entries",
  {
    id: uuid("id").primaryKey(),
    incidentId: uuid("incident_id").notNull(),
    organisationId: text("organisation_id").notNull(),
    countyCode: text("county_code").notNull(),
    logbook: text("logbook").notNull(),
    /** Whose personal logbook; '' for the ledningsgrupp's, so one index serves both. */
    personId: text("person_id").notNull(),
    authorId: text("author_id").notNull(),
    authorName: text("author_name").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    text: text("text").notNull(),
    correctsEntryId: uuid("corrects_entry_id").references((): AnyPgColumn => logbookEntries.id),
  },
  (t) => [
    index("logbook_entries_book_idx").on(t.incidentId, t.organisationId, t.logbook, t.personId, t.id),
    index("logbook_entries_corrects_idx").on(t.correctsEntryId),
  ],
);

// ---- after an activation ----

/** Activations as the after-action records know them (from activation events, or recorded by hand). */
export const activations = reportingSchema.table(
  "activations",
  {
    id: uuid("id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    countyCode: text("county_code").notNull(),
    incidentId: uuid("incident_id"),
    kind: text("kind").notNull(),
    activatedAt: timestamp("activated_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** The roster group activated, when known from the activation service's events. */
    group: text("group"),
    /**
     * A support-person activation decided under a ledningsgrupp activation: its people count
     * under that (root) activation, and it is not counted as an activation of its own.
     */
    parentId: uuid("parent_id"),
    /**
     * A neighbour's ledningsgrupp called because this one could not be reached (Laholm 3.1): the
     * activation it stood in for; its evaluation is also the asking organisation's.
     */
    fallbackForId: uuid("fallback_for_id"),
    /** An exercise (övning): counted apart from real activations in every statistic. */
    exercise: boolean("exercise").notNull().default(false),
    /**
     * Not an activation of the organisation's own: the people it sent to another county's
     * deployment under this aid request, whom it offered the debrief when that county's work ended
     * (`activation.debrief-offered` with `aidRequestId`). One record per request and organisation,
     * under the asker's incident; not counted as an activation in the statistics.
     */
    aidRequestId: uuid("aid_request_id"),
  },
  (t) => [
    index("activations_county_time_idx").on(t.countyCode, t.activatedAt),
    index("activations_org_time_idx").on(t.organisationId, t.activatedAt),
    uniqueIndex("activations_aid_request_org_idx").on(t.aidRequestId, t.organisationId),
  ],
);

/** One person's part in one activation; minutes so sums stay exact. */
export const participants = reportingSchema.table(
  "participants",
  {
    activationId: uuid("activation_id")
      .notNull()
      .references(() => activations.id),
    personId: text("person_id").notNull(),
    organisationId: text("organisation_id").notNull(),
    personName: text("person_name"),
    role: text("role"),
    minutes: integer("minutes").notNull().default(0),
    minutesOutsideWorkingTime: integer("minutes_outside_working_time").notNull().default(0),
    debriefStatus: text("debrief_status").notNull().default("not-offered"),
    debriefOfferedAt: timestamp("debrief_offered_at", { withTimezone: true }),
    debriefAnsweredAt: timestamp("debrief_answered_at", { withTimezone: true }),
    debriefHeldAt: timestamp("debrief_held_at", { withTimezone: true }),
    /** Referred to occupational health (företagshälsovården, Laholm 3.7), when. */
    occupationalHealthReferredAt: timestamp("occupational_health_referred_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.activationId, t.personId] }),
    index("participants_person_idx").on(t.organisationId, t.personId),
  ],
);

export const costs = reportingSchema.table(
  "costs",
  {
    id: uuid("id").primaryKey(),
    activationId: uuid("activation_id")
      .notNull()
      .references(() => activations.id),
    organisationId: text("organisation_id").notNull(),
    category: text("category").notNull(),
    /** Öre, so sums are exact. */
    amountOre: bigint("amount_ore", { mode: "number" }).notNull(),
    note: text("note").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("costs_activation_idx").on(t.activationId)],
);

/**
 * Minutes of checked-out centre shifts (from `centre.shift-completed`), per shift so a redelivered
 * event counts once. They join the summary of the organisation's activation for the incident.
 */
export const centreShiftHours = reportingSchema.table(
  "centre_shift_hours",
  {
    shiftId: uuid("shift_id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    countyCode: text("county_code").notNull(),
    incidentId: uuid("incident_id").notNull(),
    centreId: uuid("centre_id").notNull(),
    minutesWorked: integer("minutes_worked").notNull(),
    minutesOutsideOrdinaryHours: integer("minutes_outside_ordinary_hours").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("centre_shift_hours_incident_idx").on(t.organisationId, t.incidentId)],
);

export const evaluations = reportingSchema.table(
  "evaluations",
  {
    id: uuid("id").primaryKey(),
    countyCode: text("county_code").notNull(),
    activationIds: uuid("activation_ids").array().notNull(),
    organisationIds: text("organisation_ids").array().notNull(),
    joint: boolean("joint").notNull(),
    ownerName: text("owner_name").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    status: text("status").notNull(),
    whatHappened: text("what_happened").notNull(),
    whatWorked: text("what_worked").notNull(),
    whatToChange: text("what_to_change").notNull(),
    lessons: text("lessons").array().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** Set when created from `activation.closed`: the decider who owns it (roster person id). */
    ownerPersonId: text("owner_person_id"),
    exercise: boolean("exercise").notNull().default(false),
  },
  (t) => [index("evaluations_county_idx").on(t.countyCode, t.createdAt)],
);

// ---- faith communities (trossamfund): Länsstyrelsen's contact list per county ----

/** Contact persons are partners' staff (personal data, not of affected people): reads are audited. */
export const faithCommunities = reportingSchema.table(
  "faith_communities",
  {
    id: uuid("id").primaryKey(),
    countyCode: text("county_code").notNull(),
    name: text("name").notNull(),
    denomination: text("denomination").notNull(),
    municipalities: text("municipalities").array().notNull(),
    contactPerson: text("contact_person").notNull(),
    contactRole: text("contact_role").notNull(),
    /** E.164. */
    phone: text("phone").notNull(),
    alternativePhone: text("alternative_phone"),
    email: text("email"),
    languages: text("languages").array().notNull(),
    notes: text("notes").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text("updated_by").notNull(),
  },
  // One entry per community and county (also what keeps the demo seed idempotent).
  (t) => [uniqueIndex("faith_communities_county_name_idx").on(t.countyCode, t.name)],
);

export const { outbox, inbox, deadLetters } = busTables(reportingSchema);
export const tables = { outbox, inbox, deadLetters };

/**
 * Append-only, hash-chained trail of access to logbooks (`@krisstod/audit`): they are written
 * during an event and may name affected people. Its guard trigger is in the migration.
 */
export const audit = auditTables(reportingSchema);
export const { auditLog } = audit;

/** The county's own values of the rules' numbers the guideline does not give (first report's deadline). */
export const countySettingsRows = countySettingsTable(reportingSchema);
