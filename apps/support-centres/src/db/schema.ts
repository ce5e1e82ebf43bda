import { auditTables } from "@krisstod/audit";
import { busTables } from "@krisstod/bus";
import type { ReferralDestination } from "@krisstod/contracts";
import { countySettingsTable } from "@krisstod/runtime/county-settings";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const supportCentresSchema = pgSchema("support_centres");

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/**
 * This service's own copy of where each incident happened and whether it is still open, learnt
 * from `incident.opened`, kept current by `incident.updated` (the place corrected) and
 * `incident.closed`. `last_event_id` is the newest event applied (v7 ids grow with time), so an
 * older event delivered late never overwrites a newer state.
 */
export const incidentLocations = supportCentresSchema.table("incident_locations", {
  incidentId: uuid("incident_id").primaryKey(),
  organisationId: text("organisation_id").notNull(),
  countyCode: text("county_code").notNull(),
  lat: doublePrecision("lat").notNull(),
  lon: doublePrecision("lon").notNull(),
  /**
   * The incident happened abroad (kind "abroad"; Laholm 1.2 "allvarliga händelser på annan
   * ort/land där invånare från Laholms kommun är inblandade"): the scene is not here, so no centre
   * is kept off it; its place is where those affected live.
   */
  abroad: boolean("abroad").notNull().default(false),
  /**
   * Codes of the municipalities the incident affects (its `affectedMunicipalities`, kept current):
   * Halland "Stödcentrum kan etableras av både POSOM och PKL i drabbad kommun". Empty for rows
   * learnt before this was kept, until the incident's next event.
   */
  affectedMunicipalities: text("affected_municipalities").array().notNull().default([]),
  status: text("status").notNull().default("open"),
  lastEventId: uuid("last_event_id"),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Default places a centre can be opened at (PKL: the hospitals and Ullared's health centre). */
export const centreTemplates = supportCentresSchema.table(
  "centre_templates",
  {
    id: uuid("id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    operator: text("operator").notNull(),
    name: text("name").notNull(),
    address: text("address"),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
    functions: text("functions").array().notNull(),
    capacity: integer("capacity").notNull(),
    /** What is kept ready there (Laholm 3.2: "lämpliga lokaler och utrustning finns att tillgå"). */
    equipment: text("equipment").array().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("centre_templates_org_name_idx").on(t.organisationId, t.name)],
);

/**
 * A centre whose occupancy the clock publishes: every open one, and a closed one once more when
 * it closed after its last publication, so that its final figures go out (one that opened and
 * closed between two ticks included; not one that never opened, nor one whose figures went out
 * with each change before the clock, which has published_counts but no published_at).
 */
export const OCCUPANCY_DUE = sql`status = 'open' OR (status = 'closed' AND (occupancy_ticked_at < closed_at OR (occupancy_ticked_at IS NULL AND published_counts IS NULL AND opened_at IS NOT NULL)))`;

/**
 * A support centre with its counts as last folded: the exact counts are these plus the centre's
 * rows in `centre_count_changes` not folded yet (centres/count-changes.ts). `published_counts` is what the occupancy clock last published (centres/occupancy-clock.ts)
 * and `published_at` the tick it published them at: other organisations see those, not the live
 * counts.
 */
export const centres = supportCentresSchema.table(
  "centres",
  {
    id: uuid("id").primaryKey(),
    incidentId: uuid("incident_id").notNull(),
    countyCode: text("county_code").notNull(),
    operator: text("operator").notNull(),
    posomOrganisationId: text("posom_organisation_id"),
    pklOrganisationId: text("pkl_organisation_id"),
    name: text("name").notNull(),
    address: text("address"),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
    functions: text("functions").array().notNull(),
    capacity: integer("capacity").notNull(),
    openingFrom: text("opening_from"),
    openingTo: text("opening_to"),
    status: text("status").notNull(),
    distanceFromIncidentMetres: doublePrecision("distance_from_incident_m"),
    placementWarning: text("placement_warning"),
    present: integer("present").notNull().default(0),
    total: integer("total").notNull().default(0),
    children: integer("children").notNull().default(0),
    registered: integer("registered").notNull().default(0),
    anonymous: integer("anonymous").notNull().default(0),
    unaccompaniedChildren: integer("unaccompanied_children").notNull().default(0),
    phoneContacts: integer("phone_contacts").notNull().default(0),
    publishedCounts: jsonb("published_counts"),
    /** The clock tick `published_counts` were published at (they held at every tick since). */
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** The last tick the clock handled the centre at; a replica that finds its tick here skips it. */
    occupancyTickedAt: timestamp("occupancy_ticked_at", { withTimezone: true }),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Set once the visitors' personal data has been deleted (gallrad) after closing. */
    personalDataDeletedAt: timestamp("personal_data_deleted_at", { withTimezone: true }),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    /**
     * A joint centre names a co-operator besides its creator: that organisation must accept before
     * the centre opens. Null when no one else is named.
     */
    partnerOrganisationId: text("partner_organisation_id"),
    /** Cooperation recorded on the centre: partner → { status, recordedAt } (Halland, Stödcentrum). */
    cooperation: jsonb("cooperation").notNull().default({}),
    /** pending | accepted | declined (null with no partner). */
    partnership: text("partnership"),
    partnershipAnsweredAt: timestamp("partnership_answered_at", { withTimezone: true }),
    partnershipAnsweredBy: text("partnership_answered_by"),
  },
  (t) => [
    index("centres_incident_idx").on(t.incidentId),
    index("centres_county_status_idx").on(t.countyCode, t.status),
    // The occupancy clock's question each tick: which centres publish (occupancy-clock.ts, DUE).
    index("centres_occupancy_due_idx").on(t.occupancyTickedAt).where(OCCUPANCY_DUE),
  ],
);

/**
 * Changes to a centre's counts, appended by arrivals, departures and handovers instead of updating
 * the centre row: every registration updating one row made concurrent registrations at a centre
 * wait for each other's commit. Folded into the centre row (and deleted) under the centre's row
 * lock by the occupancy clock and before a close (centres/count-changes.ts); a read of exact counts
 * adds the rows not folded yet, in the same statement.
 */
export const centreCountChanges = supportCentresSchema.table(
  "centre_count_changes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    centreId: uuid("centre_id")
      .notNull()
      .references(() => centres.id),
    present: integer("present").notNull().default(0),
    total: integer("total").notNull().default(0),
    children: integer("children").notNull().default(0),
    registered: integer("registered").notNull().default(0),
    anonymous: integer("anonymous").notNull().default(0),
    unaccompaniedChildren: integer("unaccompanied_children").notNull().default(0),
    phoneContacts: integer("phone_contacts").notNull().default(0),
  },
  (t) => [index("centre_count_changes_centre_idx").on(t.centreId)],
);

/** A support person's shift at a centre. Staff are not affected people; their names may be shown. */
export const shifts = supportCentresSchema.table(
  "shifts",
  {
    id: uuid("id").primaryKey(),
    centreId: uuid("centre_id")
      .notNull()
      .references(() => centres.id),
    personId: text("person_id").notNull(),
    personName: text("person_name").notNull(),
    homeOrganisationId: text("home_organisation_id").notNull(),
    viaMutualAid: boolean("via_mutual_aid").notNull(),
    plannedStart: timestamp("planned_start", { withTimezone: true }).notNull(),
    plannedEnd: timestamp("planned_end", { withTimezone: true }).notNull(),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }),
    checkedOutAt: timestamp("checked_out_at", { withTimezone: true }),
    minutesWorked: integer("minutes_worked"),
    minutesOutsideOrdinaryHours: integer("minutes_outside_ordinary_hours"),
    createdAt: createdAt(),
  },
  (t) => [index("shifts_centre_start_idx").on(t.centreId, t.plannedStart)],
);

/**
 * One visit: what may be counted and shown on the centre's screen, no personal data. The
 * receiving organisation owns the visitor; only it may read the personal data.
 */
export const visitors = supportCentresSchema.table(
  "visitors",
  {
    id: uuid("id").primaryKey(),
    centreId: uuid("centre_id")
      .notNull()
      .references(() => centres.id),
    incidentId: uuid("incident_id").notNull(),
    /** "in-person" (counted in occupancy) or "phone" (a call to the telephone line for relatives). */
    channel: text("channel").notNull().default("in-person"),
    receivedBy: text("received_by").notNull(),
    receivingOrganisationId: text("receiving_organisation_id").notNull(),
    registered: boolean("registered").notNull(),
    child: boolean("child").notNull(),
    childAge: integer("child_age"),
    guardianVisitorId: uuid("guardian_visitor_id"),
    arrivedAt: timestamp("arrived_at", { withTimezone: true }).notNull(),
    departedAt: timestamp("departed_at", { withTimezone: true }),
  },
  (t) => [
    index("visitors_centre_arrived_idx").on(t.centreId, t.arrivedAt),
    index("visitors_incident_org_idx").on(t.incidentId, t.receivingOrganisationId),
  ],
);

/**
 * Personal data of a registered visitor, apart from the visit so that retention deletes these
 * rows and the counts remain.
 */
export const visitorPersonalData = supportCentresSchema.table(
  "visitor_personal_data",
  {
    visitorId: uuid("visitor_id")
      .primaryKey()
      .references(() => visitors.id),
    organisationId: text("organisation_id").notNull(),
    incidentId: uuid("incident_id").notNull(),
    name: text("name").notNull(),
    /** Normalised to 12 digits (YYYYMMDDNNNN); a samordningsnummer has day + 60. */
    personnummer: text("personnummer"),
    dateOfBirth: text("date_of_birth"),
    /** E.164. */
    phone: text("phone"),
    relation: text("relation").notNull(),
    lookingFor: text("looking_for"),
    specialNeeds: text("special_needs"),
    language: text("language"),
    consentToFollowUp: boolean("consent_to_follow_up").notNull(),
  },
  (t) => [
    index("visitor_pd_incident_org_pnr_idx").on(t.incidentId, t.organisationId, t.personnummer),
    index("visitor_pd_incident_org_dob_idx").on(t.incidentId, t.organisationId, t.dateOfBirth),
  ],
);

/** Every handover of a child: to whom, checked how, by whom. Personal data; deleted by retention. */
export const childHandovers = supportCentresSchema.table(
  "child_handovers",
  {
    id: uuid("id").primaryKey(),
    childVisitorId: uuid("child_visitor_id")
      .notNull()
      .references(() => visitors.id),
    centreId: uuid("centre_id").notNull(),
    organisationId: text("organisation_id").notNull(),
    handedToName: text("handed_to_name").notNull(),
    handedToRelation: text("handed_to_relation").notNull(),
    verifiedHow: text("verified_how").notNull(),
    verificationNote: text("verification_note"),
    handedOverByUserId: text("handed_over_by_user_id").notNull(),
    handedOverByName: text("handed_over_by_name").notNull(),
    handedOverAt: timestamp("handed_over_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("child_handovers_child_idx").on(t.childVisitorId)],
);

/** A visitor referred on to another service (support-centres contracts: ReferralDestination). */
export const visitorReferrals = supportCentresSchema.table(
  "visitor_referrals",
  {
    id: uuid("id").primaryKey(),
    visitorId: uuid("visitor_id")
      .notNull()
      .references(() => visitors.id),
    centreId: uuid("centre_id").notNull(),
    organisationId: text("organisation_id").notNull(),
    destination: text("destination").$type<ReferralDestination>().notNull(),
    referredByUserId: text("referred_by_user_id").notNull(),
    referredByName: text("referred_by_name").notNull(),
    referredAt: timestamp("referred_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("visitor_referrals_visitor_idx").on(t.visitorId)],
);

/** A relative connected with the person they looked for. */
export const reunifications = supportCentresSchema.table("reunifications", {
  id: uuid("id").primaryKey(),
  organisationId: text("organisation_id").notNull(),
  incidentId: uuid("incident_id").notNull(),
  seekerVisitorId: uuid("seeker_visitor_id")
    .notNull()
    .references(() => visitors.id),
  foundVisitorId: uuid("found_visitor_id")
    .notNull()
    .references(() => visitors.id),
  matchedByUserId: text("matched_by_user_id").notNull(),
  matchedAt: timestamp("matched_at", { withTimezone: true }).notNull(),
});

/**
 * Append-only, hash-chained trail of personal-data access (`@krisstod/audit`; its guard trigger is
 * in the migration). Holds ids and actions, never the personal data itself.
 */
export const audit = auditTables(supportCentresSchema);
export const { auditLog } = audit;

export const { outbox, inbox, deadLetters } = busTables(supportCentresSchema);
export const tables = { outbox, inbox, deadLetters };

/** The county's own values of the rules' numbers the guideline does not give (distance, retention). */
export const countySettingsRows = countySettingsTable(supportCentresSchema);
