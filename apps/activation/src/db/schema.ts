import { auditTables } from "@krisstod/audit";
import { answerLinkTables } from "@krisstod/auth";
import { busTables } from "@krisstod/bus";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
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
    /** Since when it is extraordinary (situation reports are due from then); null when it is not. */
    extraordinarySince: timestamp("extraordinary_since", { withTimezone: true }),
    crisisManagementActivated: boolean("crisis_management_activated").notNull(),
    /** An exercise (övning): messages say ÖVNING, CAP status Exercise, reporting counts it apart. */
    exercise: boolean("exercise").notNull().default(false),
    /** Police are operating at it (Laholm 3.1: a police commander activates "i samband med polisiär insats"). */
    policeOperation: boolean("police_operation").notNull().default(false),
    status: text("status").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("incidents_county_created_idx").on(t.countyCode, t.createdAt)],
);

/** One organisation's decision to activate one group for one incident. */
export const activations = activationSchema.table(
  "activations",
  {
    id: uuid("id").primaryKey(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    organisationId: text("organisation_id").notNull(),
    countyCode: text("county_code").notNull(),
    group: text("group").notNull(),
    status: text("status").notNull(),
    decidedByPersonId: text("decided_by_person_id").notNull(),
    decidedByName: text("decided_by_name").notNull(),
    decidedByFunctionId: text("decided_by_function_id").notNull(),
    decidedByFunctionTitle: text("decided_by_function_title").notNull(),
    /** The login subject (token `sub`) the decider was signed in as; null on decisions from before sign-in. */
    decidedByUserId: text("decided_by_user_id"),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull(),
    reason: text("reason").notNull(),
    needed: integer("needed").notNull(),
    /** How long a called person has to answer before the next one is called. */
    waitMs: integer("wait_ms").notNull(),
    parentActivationId: uuid("parent_activation_id"),
    fallbackForActivationId: uuid("fallback_for_activation_id"),
    /** Neighbours to fall back to, asked of roster at decision time. */
    neighbours: text("neighbours").array().notNull(),
    fallbackOfferedAt: timestamp("fallback_offered_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /**
     * The group's coordinator (samordnare, role coordinator on the call list at decision time), who
     * owns the evaluation after the close (Laholm 3.7 "Sammankallande … ansvarar för att uppföljning
     * och utvärdering genomförs"); null when the list named none: the decider owns it then.
     */
    coordinatorPersonId: text("coordinator_person_id"),
    /** Where those who accept gather (samlingsplats), as the decision named it; null if it did not. */
    meetingPlace: text("meeting_place"),
    /** Whom the decider consulted (samråd), in words; null where no consultation was recorded. */
    consultedWith: text("consulted_with"),
    /** A stand-in's decision: how the one who decides first was tried and could not be reached. */
    chiefUnreachable: text("chief_unreachable"),
  },
  (t) => [
    index("activations_incident_idx").on(t.incidentId),
    index("activations_org_idx").on(t.organisationId),
  ],
);

/** One person on the activation's call list, and where their call stands. */
export const callOuts = activationSchema.table(
  "call_outs",
  {
    id: uuid("id").primaryKey(),
    activationId: uuid("activation_id")
      .notNull()
      .references(() => activations.id),
    personId: text("person_id").notNull(),
    name: text("name").notNull(),
    phone: text("phone"),
    email: text("email"),
    position: integer("position").notNull(),
    status: text("status").notNull(),
    calledAt: timestamp("called_at", { withTimezone: true }),
    answerDueAt: timestamp("answer_due_at", { withTimezone: true }),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    etaMinutes: integer("eta_minutes"),
    /** When the lead relieved the person of duty (status relieved); null otherwise. */
    relievedAt: timestamp("relieved_at", { withTimezone: true }),
    /** The gathering (uppsamling, a supportive talk) they were told of when relieved, as the lead named it. */
    reliefGathering: text("relief_gathering"),
    /** What the ledningsgrupp gave the person on duty to do (Laholm 3.3); null when nothing yet. */
    task: text("task"),
  },
  (t) => [
    uniqueIndex("call_outs_activation_person_idx").on(t.activationId, t.personId),
    index("call_outs_activation_position_idx").on(t.activationId, t.position),
  ],
);

/**
 * Messages to send. Written in the transaction of the step that calls the person; the sender
 * delivers each once through the notifier, keyed by message id.
 */
export const messages = activationSchema.table(
  "messages",
  {
    id: uuid("id").primaryKey(),
    /** The activation it is of; null only for a debrief offer held under an aid request (below). */
    activationId: uuid("activation_id"),
    /**
     * A debrief offer to people this county sent to another county's deployment: the aid request
     * they were sent under (that county's activation is not held here). Exactly one of the two.
     */
    aidRequestId: uuid("aid_request_id"),
    personId: text("person_id").notNull(),
    channel: text("channel").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    answerLink: text("answer_link").notNull(),
    /**
     * "call-out": asks the person to come; never sent once its activation is closed.
     * "debrief-offer": the after-work's offer of a debrief, written after the close and sent then.
     */
    kind: text("kind").notNull().default("call-out"),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    providerReference: text("provider_reference"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("messages_pending_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("messages_activation_idx").on(t.activationId),
    check(
      "messages_activation_or_aid_request",
      sql`(${t.activationId} is null) <> (${t.aidRequestId} is null)`,
    ),
  ],
);

/** Durable timers: the next escalation step of an activation, due at `due_at`. */
export const timers = activationSchema.table(
  "timers",
  {
    id: uuid("id").primaryKey(),
    activationId: uuid("activation_id").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [index("timers_due_idx").on(t.dueAt).where(sql`${t.processedAt} is null`)],
);

/** Answer links used once (jti recorded in the transaction that stores the answer). */
export const { usedAnswerLinks } = answerLinkTables(activationSchema);

/** Mutual aid (EDXL-RM RequestResource): one organisation asks others for people. */
export const aidRequests = activationSchema.table(
  "aid_requests",
  {
    id: uuid("id").primaryKey(),
    /** The asker's incident: here for a request made here, in the asker's deployment for a remote one. */
    incidentId: uuid("incident_id").notNull(),
    organisationId: text("organisation_id").notNull(),
    countyCode: text("county_code").notNull(),
    quantity: integer("quantity").notNull(),
    competences: text("competences").array().notNull(),
    languages: text("languages").array().notNull(),
    anticipatedFunction: text("anticipated_function").notNull(),
    specialRequirements: text("special_requirements").notNull(),
    place: text("place").notNull(),
    fromAt: timestamp("from_at", { withTimezone: true }).notNull(),
    toAt: timestamp("to_at", { withTimezone: true }).notNull(),
    /** Named organisations; empty with `whole_county` set. */
    addressedTo: text("addressed_to").array().notNull(),
    wholeCounty: boolean("whole_county").notNull(),
    /** Whom to call about the request (staff): `{ name, phone, email }`; null on requests made before it. */
    contact: jsonb("contact").$type<{ name: string; phone: string; email: string }>(),
    /** Received from another county's deployment over the national bus (mutual-aid/exchange.ts). */
    remote: boolean("remote").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("aid_requests_county_idx").on(t.countyCode, t.createdAt)],
);

/** ResponseToRequestResource; `accepted` once the asker commits (CommitResource). */
export const aidOffers = activationSchema.table(
  "aid_offers",
  {
    id: uuid("id").primaryKey(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => aidRequests.id),
    organisationId: text("organisation_id").notNull(),
    quantity: integer("quantity").notNull(),
    note: text("note").notNull(),
    status: text("status").notNull(),
    /** Who leads the people sent (staff): `{ name, phone, email }`. */
    lead: jsonb("lead").$type<{ name: string; phone: string; email: string }>(),
    /** Made in another county's deployment (an answer to a request made here) over the national bus. */
    remote: boolean("remote").notNull().default(false),
    /**
     * A remote offer's people on site and released, as its deployment last reported (counts only:
     * who they are stays there), and when; null until it reports.
     */
    onSite: integer("on_site"),
    released: integer("released"),
    staffingAt: timestamp("staffing_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("aid_offers_request_org_idx").on(t.requestId, t.organisationId)],
);

/** A named person sent for the request's time window; released when they go home. */
export const aidDeployments = activationSchema.table(
  "aid_deployments",
  {
    id: uuid("id").primaryKey(),
    offerId: uuid("offer_id")
      .notNull()
      .references(() => aidOffers.id),
    personId: text("person_id").notNull(),
    fromAt: timestamp("from_at", { withTimezone: true }).notNull(),
    toAt: timestamp("to_at", { withTimezone: true }).notNull(),
    status: text("status").notNull(),
    releasedAt: timestamp("released_at", { withTimezone: true }),
  },
  (t) => [index("aid_deployments_person_idx").on(t.personId).where(sql`${t.status} = 'deployed'`)],
);

/**
 * The asker's work on a request made here ended and the county of an accepted offer from another
 * county's deployment was told so (`aid.work-ended`), once: written in the transaction that puts
 * the message in the outbox, so a later offerDebriefs (a centre shift told after the close) does
 * not tell it again.
 */
export const aidWorkEnded = activationSchema.table(
  "aid_work_ended",
  {
    requestId: uuid("request_id")
      .notNull()
      .references(() => aidRequests.id),
    countyCode: text("county_code").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.countyCode] })],
);

/**
 * Laholm 3.7: "Efter att en POSOM-insats avslutats ska alla som deltagit i arbetet erbjudas
 * stödsamtal." One offer per person and incident (the unique index keeps a repeated close, a
 * redelivered event or a second shift from offering twice). `messages_written_at` is set once the
 * offer's SMS/e-mail are queued (the contact details come from roster, asked after the commit).
 */
export const debriefOffers = activationSchema.table(
  "debrief_offers",
  {
    id: uuid("id").primaryKey(),
    incidentId: uuid("incident_id").notNull(),
    personId: text("person_id").notNull(),
    homeOrganisationId: text("home_organisation_id").notNull(),
    /**
     * The organisation whose work it was, and its ledningsgrupp (root) activation; for people this
     * county sent to another county's deployment, the sending organisation and the aid request they
     * were sent under (the asker's activation is not held here: mutual-aid/exchange.ts). Exactly
     * one of `activation_id` and `aid_request_id` is set.
     */
    organisationId: text("organisation_id").notNull(),
    activationId: uuid("activation_id"),
    aidRequestId: uuid("aid_request_id").references(() => aidRequests.id),
    via: text("via").notNull(),
    offeredAt: timestamp("offered_at", { withTimezone: true }).notNull(),
    messagesWrittenAt: timestamp("messages_written_at", { withTimezone: true }),
    sentBy: text("sent_by").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    uniqueIndex("debrief_offers_incident_person_idx").on(t.incidentId, t.personId),
    index("debrief_offers_person_idx").on(t.personId),
    index("debrief_offers_unwritten_idx").on(t.offeredAt).where(sql`${t.messagesWrittenAt} is null`),
    check(
      "debrief_offers_activation_or_aid_request",
      sql`(${t.activationId} is null) <> (${t.aidRequestId} is null)`,
    ),
  ],
);

/**
 * Who worked a shift at a support centre, as support-centres tells (`centre.staff-checked-in`):
 * they took part in the centre organisation's work and are offered a debrief when it closes.
 */
export const centreStaff = activationSchema.table(
  "centre_staff",
  {
    shiftId: uuid("shift_id").primaryKey(),
    incidentId: uuid("incident_id").notNull(),
    organisationId: text("organisation_id").notNull(),
    personId: text("person_id").notNull(),
    homeOrganisationId: text("home_organisation_id").notNull(),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("centre_staff_incident_org_idx").on(t.incidentId, t.organisationId)],
);

/**
 * Halland: "Kontakter med Region Halland sker via TIB (tjänsteperson i beredskap) … Även då tas
 * kontakterna via TIB." A municipality's request to its county's region (BUP, adult psychiatry,
 * PKL staff), read and answered by the region's TIB. The texts are about the need, not people.
 */
export const regionRequests = activationSchema.table(
  "region_requests",
  {
    id: uuid("id").primaryKey(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    organisationId: text("organisation_id").notNull(),
    regionId: text("region_id").notNull(),
    countyCode: text("county_code").notNull(),
    competence: text("competence").notNull(),
    quantity: integer("quantity").notNull(),
    message: text("message").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decision: text("decision"),
    answer: text("answer"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [
    index("region_requests_region_idx").on(t.regionId, t.createdAt),
    index("region_requests_org_idx").on(t.organisationId, t.createdAt),
  ],
);

/**
 * Requests to Länsstyrelsen's TiB for faith communities (Halland "Kontakter med trossamfund kan fås
 * via Länsstyrelsens TiB"): asked by a municipality or the region, answered once by the county board.
 */
export const faithRequests = activationSchema.table(
  "faith_requests",
  {
    id: uuid("id").primaryKey(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    organisationId: text("organisation_id").notNull(),
    countyBoardId: text("county_board_id").notNull(),
    countyCode: text("county_code").notNull(),
    need: text("need").notNull(),
    convene: boolean("convene").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decision: text("decision"),
    answer: text("answer"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [
    index("faith_requests_board_idx").on(t.countyBoardId, t.createdAt),
    index("faith_requests_org_idx").on(t.organisationId, t.createdAt),
  ],
);

/** The development outbox: what the embedded default "sent", for the dashboard to list. */
export const devOutbox = activationSchema.table(
  "dev_outbox",
  {
    messageId: uuid("message_id").primaryKey(),
    /** As on the message: its activation, or for a debrief offer under an aid request that request. */
    activationId: uuid("activation_id"),
    aidRequestId: uuid("aid_request_id"),
    personId: text("person_id").notNull(),
    channel: text("channel").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    answerLink: text("answer_link").notNull(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dev_outbox_delivered_idx").on(t.deliveredAt)],
);

/**
 * Append-only, hash-chained trail of reads and writes of personal data (`@krisstod/audit`): the
 * names of the people called and the development outbox's phone numbers and e-mail addresses. Its
 * guard trigger is in the migration.
 */
export const audit = auditTables(activationSchema);
export const { auditLog } = audit;

export const { outbox, inbox, deadLetters } = busTables(activationSchema);
export const tables = { outbox, inbox, deadLetters };
