import { auditTables } from "@krisstod/audit";
import { busTables } from "@krisstod/bus";
import { countySettingsTable } from "@krisstod/runtime/county-settings";
import { sql } from "drizzle-orm";
import {
  boolean,
  date,
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

export const rosterSchema = pgSchema("roster");

export const organisations = rosterSchema.table(
  "organisations",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    countyCode: text("county_code").notNull(),
    municipalityCode: text("municipality_code"),
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    callListReviewedAt: timestamp("call_list_reviewed_at", { withTimezone: true }),
    /** The yearly duties, last done (Halland, Nätverket; Laholm 3.2): reminders on readiness. */
    guidelineReviewedAt: timestamp("guideline_reviewed_at", { withTimezone: true }),
    networkMetAt: timestamp("network_met_at", { withTimezone: true }),
    trainingPlanAt: timestamp("training_plan_at", { withTimezone: true }),
    /** Laholm 2: the local steering document, tried at least once per term of office. */
    steeringDocumentReviewedAt: timestamp("steering_document_reviewed_at", { withTimezone: true }),
    /** Halland: a PKL representative co-opted to the ledningsgrupp's meeting, twice a year. */
    pklAdjunctAt: timestamp("pkl_adjunct_at", { withTimezone: true }),
    /** How the public reaches its POSOM or PKL (contracts: PublicContact). */
    publicPhone: text("public_phone"),
    publicEmail: text("public_email"),
    publicNote: text("public_note"),
    /** How other organisations alert its POSOM or PKL, its larmväg (contracts: AlarmContact). */
    alarmPhone: text("alarm_phone"),
    alarmEmail: text("alarm_email"),
    alarmNote: text("alarm_note"),
    /** The organisations its ledningsgrupp is to have a representative from (contracts: ManagementComposition). */
    managementComposition: text("management_composition").array().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("organisations_county_idx").on(t.countyCode)],
);

/** The county network's meetings as Länsstyrelsen records them (contracts: NetworkMeeting). */
export const networkMeetings = rosterSchema.table(
  "network_meetings",
  {
    id: uuid("id").primaryKey(),
    countyCode: text("county_code").notNull(),
    heldOn: date("held_on").notNull(),
    organisations: text("organisations").array().notNull(),
    note: text("note"),
    guidelineReviewed: boolean("guideline_reviewed").notNull().default(false),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("network_meetings_county_idx").on(t.countyCode, t.heldOn)],
);

/** An organisation's operational action plan: the steps of its checklist, in order (contracts: ActionPlan). */
export const actionPlans = rosterSchema.table("action_plans", {
  organisationId: text("organisation_id")
    .primaryKey()
    .references(() => organisations.id),
  steps: text("steps").array().notNull(),
  reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull(),
  reviewedBy: text("reviewed_by").notNull(),
});

/** Directed: an organisation's fallback neighbours in its own order (Laholm → Halmstad, Båstad). */
export const neighbours = rosterSchema.table(
  "neighbours",
  {
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    neighbourId: text("neighbour_id")
      .notNull()
      .references(() => organisations.id),
    rank: integer("rank").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.neighbourId] })],
);

export const authorisedFunctions = rosterSchema.table(
  "authorised_functions",
  {
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    id: text("id").notNull(),
    title: text("title").notNull(),
    rank: integer("rank").notNull(),
    /** The function (id) this one stands in for when its holder cannot be reached; null: decides in its own right. */
    standsInFor: text("stands_in_for"),
    /** When it may activate at all (FunctionCondition: "police-operation"); null: always. */
    onlyDuring: text("only_during"),
    /** The groups (RosterGroup) it may activate; null: every group (Laholm 3.1: the ledningsgrupp only). */
    groups: text("groups").array(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.id] })],
);

export const people = rosterSchema.table(
  "people",
  {
    id: uuid("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    givenName: text("given_name").notNull(),
    familyName: text("family_name").notNull(),
    role: text("role").notNull(),
    workplace: text("workplace").notNull(),
    employer: text("employer").notNull(),
    /** E.164, first is the one to call. */
    phones: text("phones").array().notNull(),
    /** phones[0], kept apart so an import can match a person by it (unique within the organisation). */
    primaryPhone: text("primary_phone"),
    email: text("email"),
    languages: text("languages").array().notNull(),
    managerApproval: boolean("manager_approval"),
    activatorFunctionId: text("activator_function_id"),
    userId: text("user_id"),
    active: boolean("active").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("people_organisation_idx").on(t.organisationId, t.role),
    uniqueIndex("people_organisation_phone_idx")
      .on(t.organisationId, t.primaryPhone)
      .where(sql`${t.primaryPhone} is not null`),
  ],
);

/** The call lists: per organisation and group, people in calling order (position 1 first). */
export const callListEntries = rosterSchema.table(
  "call_list_entries",
  {
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    group: text("group").notNull(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.group, t.personId] }),
    uniqueIndex("call_list_position_idx").on(t.organisationId, t.group, t.position),
  ],
);

export const unavailability = rosterSchema.table(
  "unavailability",
  {
    id: uuid("id").primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    fromAt: timestamp("from_at", { withTimezone: true }).notNull(),
    toAt: timestamp("to_at", { withTimezone: true }).notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [index("unavailability_person_idx").on(t.personId, t.toAt)],
);

export const trainings = rosterSchema.table(
  "trainings",
  {
    id: uuid("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    title: text("title").notNull(),
    kind: text("kind").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    organiser: text("organiser").notNull(),
    /** [{ item, level }]: the profile items the training gives and to which level. */
    covers: jsonb("covers").$type<{ item: string; level: string }[]>().notNull(),
  },
  (t) => [index("trainings_organisation_idx").on(t.organisationId, t.date)],
);

export const trainingAttendees = rosterSchema.table(
  "training_attendees",
  {
    trainingId: uuid("training_id")
      .notNull()
      .references(() => trainings.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
  },
  (t) => [
    primaryKey({ columns: [t.trainingId, t.personId] }),
    index("training_attendees_person_idx").on(t.personId),
  ],
);

/** The last readiness published per organisation, to emit an event only when it changes. */
export const readinessSnapshots = rosterSchema.table("readiness_snapshots", {
  organisationId: text("organisation_id")
    .primaryKey()
    .references(() => organisations.id),
  level: text("level").notNull(),
  score: integer("score").notNull(),
  /** Figures and gap codes as compared for change. */
  signature: text("signature").notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
});

/**
 * Support persons deployed to another organisation under mutual aid, as the activation service
 * reported it (`mutual-aid.deployed` / `mutual-aid.released`). While a row is active (deployed, not
 * released) the receiving organisation's leads may see the person's contact details. Person ids
 * come from another service, so there is no foreign key; the home organisation is checked against
 * the person's own when the row is used.
 */
export const deployments = rosterSchema.table(
  "deployments",
  {
    id: uuid("id").primaryKey(),
    personId: text("person_id").notNull(),
    homeOrganisationId: text("home_organisation_id").notNull(),
    receivingOrganisationId: text("receiving_organisation_id").notNull(),
    requestId: uuid("request_id").notNull(),
    offerId: uuid("offer_id").notNull(),
    /** Null only while a release has been seen before its deployment (a redelivery out of order). */
    deployedAt: timestamp("deployed_at", { withTimezone: true }),
    releasedAt: timestamp("released_at", { withTimezone: true }),
  },
  (t) => [
    index("deployments_offer_person_idx").on(t.offerId, t.personId),
    index("deployments_active_person_idx")
      .on(t.personId, t.receivingOrganisationId)
      .where(sql`${t.releasedAt} is null`),
    index("deployments_active_receiving_idx")
      .on(t.receivingOrganisationId)
      .where(sql`${t.releasedAt} is null`),
  ],
);

/** Reads and writes of people's contact details (hash-chained, append-only; see @krisstod/audit). */
export const audit = auditTables(rosterSchema);
export const { auditLog } = audit;

export const { outbox, inbox, deadLetters } = busTables(rosterSchema);
export const tables = { outbox, inbox, deadLetters };

/** The county's own values of the readiness numbers the guidelines do not give (weights, review interval). */
export const countySettingsRows = countySettingsTable(rosterSchema);
