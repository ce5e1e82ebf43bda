import { z } from "zod";
import { defineEvent } from "./envelope.ts";
import { IsoDateTime, OrganisationId } from "./ids.ts";
import { Location } from "./incidents.ts";
import { RosterGroup } from "./roster.ts";

/**
 * Activation decisions and call-outs. An activation is one organisation's decision to activate one
 * group (ledningsgrupp first; support persons are the group's separate decision; PKL by the region)
 * for one incident. Everyone on the group's call list is then asked, in order, until enough accept.
 */

/** The person deciding and the function they decide in (checked against the roster). */
export const DecidedBy = z.object({
  personId: z.string().min(1).max(200),
  functionId: z.string().min(1).max(200),
});
export type DecidedBy = z.infer<typeof DecidedBy>;

/**
 * Body of POST /activations. Who decides, for which organisation, comes from the access token (the
 * signed-in person, looked up in the roster by login subject); `organisationId` and `decidedBy`
 * may still be sent but must then name the signed-in person and their organisation (403 otherwise).
 */
/**
 * A decision by a function that stands in for another (a TiB or stabschef for the förvaltningschef;
 * the region's TIB for PKL): how the one stood in for was tried and could not be reached ("ringt
 * 02:10 och 02:20, inget svar"). Enköping: "Är förvaltningschef … ej nåbar kan tjänsteman i
 * beredskap (TiB) eller … (stabschef) aktivera POSOM-insats"; required of the stand-in, recorded
 * with the decision, for a fallback to a neighbour's group as for the own.
 */
const ChiefUnreachable = z.string().trim().min(3).max(500);

export const DecideActivationBody = z.object({
  incidentId: z.uuid(),
  organisationId: OrganisationId.optional(),
  group: RosterGroup,
  decidedBy: DecidedBy.optional(),
  reason: z.string().trim().min(3).max(2000),
  /** How many acceptances are enough; escalation calls further down the list until reached. */
  needed: z.number().int().min(1).max(500).optional(),
  /** For support persons: the ledningsgrupp activation that decided it. */
  parentActivationId: z.uuid().optional(),
  /**
   * Where those who accept gather (samlingsplats), in words: "Folkets hus, Storgatan 3, entrén mot
   * torget". Told to each person who accepts, in the answer; never sent in the call-out message.
   */
  meetingPlace: z.string().trim().min(2).max(500).optional(),
  /**
   * Whom the decider consulted, in words ("Karin Chef, kommunchef"). Support persons: the
   * ledningsgrupp decides "i samråd med den som aktiverat ledningsgruppen" (Laholm 3.1); when left
   * out, the one who activated the ledningsgrupp is recorded. PKL: the region's TIB (Halland:
   * "beslutar om PKL ska aktiveras i samråd med tjänsteman i beredskap (TIB)"); required there.
   */
  consultedWith: z.string().trim().min(2).max(200).optional(),
  chiefUnreachable: ChiefUnreachable.optional(),
});
export type DecideActivationBody = z.input<typeof DecideActivationBody>;

/**
 * Body of POST /activations/:id/fallback: ask a neighbour's group (`organisationId`) when the own
 * one is unreachable. The signed-in person of the asking organisation decides (`decidedBy` optional,
 * as for a decision).
 */
export const FallbackBody = z.object({
  organisationId: OrganisationId,
  decidedBy: DecidedBy.optional(),
  reason: z.string().trim().min(3).max(2000),
  chiefUnreachable: ChiefUnreachable.optional(),
});
export type FallbackBody = z.input<typeof FallbackBody>;

/**
 * calling: call-out under way; staffed: enough accepted; unreachable: list exhausted without
 * enough acceptances (fallback is offered for a ledningsgrupp); closed: ended by decision.
 */
export const ActivationStatus = z.enum(["calling", "staffed", "unreachable", "closed"]);
export type ActivationStatus = z.infer<typeof ActivationStatus>;

/**
 * queued: not yet called; called: asked, answer awaited; silent: no answer within the wait;
 * relieved: accepted and since relieved of duty by the lead (Enköping "Vid en långvarig kris behöver
 * aktiva lösas av"): back to ordinary work, no longer counted among those on duty (`accepted`).
 */
export const CallOutStatus = z.enum(["queued", "called", "accepted", "declined", "silent", "relieved"]);
export type CallOutStatus = z.infer<typeof CallOutStatus>;

/** `called` counts everyone asked so far; `awaiting` those asked whose wait has not run out. */
export const CallOutCounts = z.object({
  listed: z.number().int().nonnegative(),
  called: z.number().int().nonnegative(),
  awaiting: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  declined: z.number().int().nonnegative(),
  silent: z.number().int().nonnegative(),
  queued: z.number().int().nonnegative(),
  /** Took part and have been relieved; 0 on events from before relief existed. */
  relieved: z.number().int().nonnegative().default(0),
});
export type CallOutCounts = z.infer<typeof CallOutCounts>;

export const CallOut = z.object({
  personId: z.string(),
  name: z.string(),
  position: z.number().int(),
  status: CallOutStatus,
  calledAt: IsoDateTime.nullable(),
  /** When they answered; for someone on duty (accepted), on duty since. */
  answeredAt: IsoDateTime.nullable(),
  etaMinutes: z.number().int().nullable(),
  /** When the lead relieved them (status relieved; absent or null otherwise). */
  relievedAt: IsoDateTime.nullable().optional(),
  /** What the ledningsgrupp gave them to do (Laholm 3.3); absent or null when nothing yet. */
  task: z.string().nullable().optional(),
});
export type CallOut = z.infer<typeof CallOut>;

export const Activation = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  organisationId: OrganisationId,
  countyCode: z.string(),
  group: RosterGroup,
  status: ActivationStatus,
  /**
   * Who decided. Another organisation sees only which function decided (`functionId`,
   * `functionTitle`): the decider's person id and name are their own organisation's, and the
   * login subject only its administrator's (need to know).
   */
  decidedBy: z.object({
    personId: z.string().optional(),
    functionId: z.string(),
    name: z.string().optional(),
    functionTitle: z.string(),
    /** The login subject the decision was signed in as (absent on decisions from before sign-in). */
    userId: z.string().nullable().optional(),
  }),
  decidedAt: IsoDateTime,
  /** Why: the deciding organisation's own (absent for others). */
  reason: z.string().optional(),
  needed: z.number().int(),
  parentActivationId: z.uuid().nullable(),
  fallbackForActivationId: z.uuid().nullable(),
  /** Neighbours offered when the group could not be reached (empty otherwise). */
  fallbackOffered: z.array(OrganisationId),
  counts: CallOutCounts,
  callOuts: z.array(CallOut),
  /** The incident is an exercise (övning). */
  exercise: z.boolean().optional(),
  /** When the activation was closed (absent while it runs). */
  closedAt: IsoDateTime.nullable().optional(),
  /** Where those who accept gather (absent or null when the decision named no place). */
  meetingPlace: z.string().nullable().optional(),
  /** Whom the decider consulted (names a person: the deciding organisation's own, absent for others). */
  consultedWith: z.string().nullable().optional(),
  /** A TIB's decision: the attempt to reach the förvaltningschef (the deciding organisation's own). */
  chiefUnreachable: z.string().nullable().optional(),
});
export type Activation = z.infer<typeof Activation>;

/**
 * Body of POST /activations/:id/escalate (may be empty): the lead calls the next people on the list
 * now instead of waiting for the timer. `count`: how many (default: as many as acceptances are still
 * short, at least one). `seenCalled`: how many had been called when the lead decided (the board's
 * `counts.called`); if more have been called since — the timer's step, or this same request sent
 * twice — the request is refused (409) instead of calling another batch.
 */
export const EscalateBody = z.object({
  count: z.number().int().min(1).max(500).optional(),
  seenCalled: z.number().int().min(0).optional(),
});
export type EscalateBody = z.input<typeof EscalateBody>;

/**
 * Body of POST /activations/:id/call-outs/:personId/relieve. Enköping: "Vid en långvarig kris
 * behöver aktiva lösas av samtidigt som dessa också har ett ordinarie arbete att utföra"; Laholm
 * 3.2: the ledningsgrupp "Ansvara för att stödpersoner ges möjlighet till uppsamling och stödjande
 * samtal vid behov". The person on duty goes back to ordinary work and is told so, with the
 * gathering (uppsamling, a supportive talk) when the lead names one. `replace` (default): the next
 * on the list is called so as many stay on duty as needed; false: the need is one smaller now.
 */
export const RelieveBody = z.object({
  replace: z.boolean().default(true),
  gathering: z.string().trim().min(2).max(500).optional(),
});
export type RelieveBody = z.input<typeof RelieveBody>;

/** Answer of POST /activations/:id/call-outs/:personId/relieve: the call-out after it. */
export const ReliefResult = z.object({
  activationId: z.uuid(),
  personId: z.string(),
  relievedAt: IsoDateTime,
  /** How many were called now to replace them (0 without a replacement, or when enough await an answer). */
  called: z.number().int().nonnegative(),
  needed: z.number().int().nonnegative(),
  status: ActivationStatus,
  counts: CallOutCounts,
});
export type ReliefResult = z.infer<typeof ReliefResult>;

/** Answer of POST /activations/:id/escalate: how many were called now, and the counts after it. */
export const EscalationResult = z.object({
  activationId: z.uuid(),
  called: z.number().int().nonnegative(),
  status: ActivationStatus,
  counts: CallOutCounts,
});
export type EscalationResult = z.infer<typeof EscalationResult>;

/**
 * Body of POST /activations/:id/meeting-place: where those who accept gather from now on (the
 * lead moves the gathering, e.g. from the town hall to a school). Everyone who has already accepted
 * is sent the new place; whoever accepts later is told it on their answer page.
 */
export const ChangeMeetingPlaceBody = z.object({
  meetingPlace: z.string().trim().min(2).max(500),
});
export type ChangeMeetingPlaceBody = z.input<typeof ChangeMeetingPlaceBody>;

/** Answer of POST /activations/:id/meeting-place: the place now and how many were sent it. */
export const MeetingPlaceChange = z.object({
  activationId: z.uuid(),
  meetingPlace: z.string(),
  /** People who had accepted and were sent the new place (0 when it was already this place). */
  told: z.number().int().nonnegative(),
});
export type MeetingPlaceChange = z.infer<typeof MeetingPlaceChange>;

/**
 * Where a person who accepted goes: the decision's meeting place and the incident's title, address
 * and position. Told only to the person themself (through their answer link, or signed in); it
 * names nobody else and holds nobody's contact details.
 */
export const Assignment = z.object({
  activationId: z.uuid(),
  organisationId: OrganisationId,
  group: RosterGroup,
  exercise: z.boolean(),
  meetingPlace: z.string().nullable(),
  incident: z.object({
    id: z.uuid(),
    title: z.string(),
    address: z.string().nullable(),
    location: Location.pick({ lat: true, lon: true }),
  }),
  /** The person's own task from the ledningsgrupp (Laholm 3.3); absent or null when none yet. */
  task: z.string().nullable().optional(),
});
export type Assignment = z.infer<typeof Assignment>;

/**
 * Body of PUT /activations/:id/call-outs/:personId/task: what the ledningsgrupp gives one person on
 * duty to do. Laholm 3.3: "Stödpersonernas uppdrag är att utföra de uppdrag som ges av
 * ledningsgruppen. Exempelvis: Vara mänskligt stöd till drabbade … Organisera stödcentra". null
 * takes the task back. It is sent to the person only: never in an event.
 */
export const AssignTaskBody = z.object({ task: z.string().trim().min(2).max(300).nullable() });
export type AssignTaskBody = z.infer<typeof AssignTaskBody>;

/** Answer of PUT …/task: the task as stored, and whether the person was sent it (SMS, e-mail). */
export const TaskAssigned = z.object({
  activationId: z.uuid(),
  personId: z.string(),
  task: z.string().nullable(),
  told: z.boolean(),
});
export type TaskAssigned = z.infer<typeof TaskAssigned>;

/** Answer of POST /call-outs/:id/answer (JSON): the answer as recorded; where to go after a yes. */
export const AnswerResult = z.object({
  status: CallOutStatus,
  etaMinutes: z.number().int().nullable(),
  assignment: Assignment.optional(),
});
export type AnswerResult = z.infer<typeof AnswerResult>;

/**
 * GET /call-outs/:id/answer?token= with `Accept: application/json`: what the dashboard's answer page
 * shows before the answer (no name: the link may have been forwarded). `settled`: this link was used
 * or the person has answered (then 409); after a yes, `assignment` says where to go again.
 */
export const AnswerLinkState = z.object({
  organisationId: OrganisationId,
  group: RosterGroup,
  exercise: z.boolean(),
  settled: z.boolean(),
  incidentTitle: z.string().optional(),
  answer: z.enum(["accepted", "declined"]).nullable().optional(),
  /** They said yes and have since been relieved by the lead (the page says so, and thanks them). */
  relieved: z.boolean().optional(),
  /** The gathering (uppsamling, a supportive talk) the lead named when relieving them. */
  gathering: z.string().nullable().optional(),
  assignment: Assignment.optional(),
});
export type AnswerLinkState = z.infer<typeof AnswerLinkState>;

/** One of the signed-in person's own accepted call-outs (GET /me/assignments). */
export const MyAssignment = Assignment.extend({
  activationStatus: ActivationStatus,
  acceptedAt: IsoDateTime.nullable(),
  etaMinutes: z.number().int().nullable(),
  closedAt: IsoDateTime.nullable(),
  /** When the lead relieved them of duty (absent or null while on duty). */
  relievedAt: IsoDateTime.nullable().optional(),
  /** The gathering (uppsamling, a supportive talk) the lead named when relieving them. */
  gathering: z.string().nullable().optional(),
});
export type MyAssignment = z.infer<typeof MyAssignment>;

/**
 * GET /me/assignments. The access token names a login subject, not a roster person; the service
 * asks roster who that is. `inRoster` false: the signed-in user is nobody in the organisation's
 * roster (then there is nothing to list).
 */
export const MyAssignments = z.object({
  inRoster: z.boolean(),
  assignments: z.array(MyAssignment),
});
export type MyAssignments = z.infer<typeof MyAssignments>;

/**
 * How a person came to take part in the work whose debrief (stödsamtal) they are offered: called
 * out by the organisation, sent by a neighbour under mutual aid, or on a shift at a support centre.
 */
export const DebriefOfferVia = z.enum(["call-out", "mutual-aid", "centre-shift"]);
export type DebriefOfferVia = z.infer<typeof DebriefOfferVia>;

/**
 * Laholm 3.7: "Efter att en POSOM-insats avslutats ska alla som deltagit i arbetet erbjudas
 * stödsamtal." One offer per person and incident, made by the organisation whose work it was
 * (`organisationId`, its ledningsgrupp activation `activationId`) — or, for people it sent to
 * another county's deployment, by the organisation that sent them, under that aid request
 * (`aidRequestId`, `activationId` null: the other county's activation is not held here).
 */
export const MyDebriefOffer = z.object({
  offerId: z.uuid(),
  activationId: z.uuid().nullable(),
  aidRequestId: z.uuid().nullable(),
  organisationId: OrganisationId,
  incident: z.object({ id: z.uuid(), title: z.string() }),
  exercise: z.boolean(),
  via: DebriefOfferVia,
  offeredAt: IsoDateTime,
  /**
   * How the offer was sent too: "sms", "email", or none when the roster holds no number or address;
   * null while the message is still being written (the contact details are asked of roster).
   */
  sentBy: z.array(z.enum(["sms", "email"])).nullable(),
});
export type MyDebriefOffer = z.infer<typeof MyDebriefOffer>;

/** GET /me/debrief-offers: the signed-in person's own debrief offers, newest first. */
export const MyDebriefOffers = z.object({
  inRoster: z.boolean(),
  offers: z.array(MyDebriefOffer),
});
export type MyDebriefOffers = z.infer<typeof MyDebriefOffers>;

/** Body of POST /call-outs/:activationId/answer (the signed link's token plus the answer). */
export const AnswerBody = z.discriminatedUnion("answer", [
  z.object({
    token: z.string().min(1).max(2000),
    answer: z.literal("accept"),
    /** Minutes until the person is in place. */
    etaMinutes: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
  }),
  z.object({ token: z.string().min(1).max(2000), answer: z.literal("decline") }),
]);
export type AnswerBody = z.input<typeof AnswerBody>;

/** A message as the development outbox shows it (the embedded default's stand-in for SMS and e-mail). */
export const DevOutboxMessage = z.object({
  messageId: z.uuid(),
  activationId: z.uuid(),
  personId: z.string(),
  channel: z.enum(["sms", "email"]),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  answerLink: z.string(),
  deliveredAt: IsoDateTime,
});
export type DevOutboxMessage = z.infer<typeof DevOutboxMessage>;

/**
 * Body of POST /activations/:id/close (may be empty). The after-work starts with it: reporting
 * creates the evaluation (due at `evaluationDueAt`, by default the service's configured number of
 * days after closing) and offers a debrief to everyone who accepted.
 */
/**
 * GET /me/decisions: the groups the signed-in person may activate for their organisation (an
 * authorised function decides any; a ledningsgrupp member the support persons). Empty: none.
 */
export const MyDecisions = z.object({
  organisationId: OrganisationId,
  groups: z.array(RosterGroup),
});
export type MyDecisions = z.infer<typeof MyDecisions>;

export const CloseActivationBody = z.object({
  evaluationDueAt: IsoDateTime.optional(),
});
export type CloseActivationBody = z.input<typeof CloseActivationBody>;

// ---- events: ids and counts only; no names or contact details ----

export const ActivationDecided = defineEvent({
  type: "activation.decided",
  schemaVersion: 1,
  producer: "activation",
  data: z.object({
    activationId: z.uuid(),
    incidentId: z.uuid(),
    group: RosterGroup,
    decidedBy: DecidedBy.extend({ functionTitle: z.string() }),
    decidedAt: IsoDateTime,
    reason: z.string(),
    needed: z.number().int(),
    parentActivationId: z.uuid().nullable(),
    fallbackForActivationId: z.uuid().nullable(),
    counts: CallOutCounts,
    /** The incident is an exercise (övning); absent on events from before exercises (= false). */
    exercise: z.boolean().optional(),
  }),
});

export const ActivationCallOutChanged = defineEvent({
  type: "activation.call-out-changed",
  schemaVersion: 1,
  producer: "activation",
  data: z.object({
    activationId: z.uuid(),
    incidentId: z.uuid(),
    group: RosterGroup,
    personId: z.string(),
    change: CallOutStatus.exclude(["queued"]),
    etaMinutes: z.number().int().nullable(),
    status: ActivationStatus,
    counts: CallOutCounts,
  }),
});

export const ActivationStatusChanged = defineEvent({
  type: "activation.status-changed",
  schemaVersion: 1,
  producer: "activation",
  data: z.object({
    activationId: z.uuid(),
    incidentId: z.uuid(),
    group: RosterGroup,
    status: ActivationStatus,
    counts: CallOutCounts,
  }),
});

export const ActivationFallbackOffered = defineEvent({
  type: "activation.fallback-offered",
  schemaVersion: 1,
  producer: "activation",
  data: z.object({
    activationId: z.uuid(),
    incidentId: z.uuid(),
    group: RosterGroup,
    neighbours: z.array(OrganisationId),
    counts: CallOutCounts,
  }),
});

/**
 * The lead changed where those who accept gather; `told` people who had accepted were sent it.
 * The place itself is left out: free text the lead wrote, kept in the organisation.
 */
export const ActivationMeetingPlaceChanged = defineEvent({
  type: "activation.meeting-place-changed",
  schemaVersion: 1,
  producer: "activation",
  data: z.object({
    activationId: z.uuid(),
    incidentId: z.uuid(),
    group: RosterGroup,
    told: z.number().int().nonnegative(),
  }),
});

/**
 * A person who took part was offered a debrief (stödsamtal) after the organisation's activation
 * closed — Laholm 3.7 "alla som deltagit i arbetet erbjudas stödsamtal" — once per person and
 * incident. Reporting lists them in the after-work. Ids only: the home organisation holds the name.
 */
export const DebriefOffered = defineEvent({
  type: "activation.debrief-offered",
  schemaVersion: 1,
  producer: "activation",
  data: z
    .object({
      offerId: z.uuid(),
      /** The offering organisation's ledningsgrupp (root) activation, when the work was its own. */
      activationId: z.uuid().optional(),
      /**
       * For people the organisation sent to another county's deployment (which offers them no
       * debrief, their names never crossing): the aid request they were sent under — that county's
       * activation is not held here. `incidentId` is then the asker's incident. Exactly one of
       * `activationId` and `aidRequestId`.
       */
      aidRequestId: z.uuid().optional(),
      incidentId: z.uuid(),
      personId: z.string().min(1).max(200),
      homeOrganisationId: OrganisationId,
      via: DebriefOfferVia,
      offeredAt: IsoDateTime,
    })
    .refine((d) => (d.activationId === undefined) !== (d.aidRequestId === undefined), {
      message: "exactly one of activationId and aidRequestId",
      path: ["activationId"],
    }),
});

/**
 * The activation has been closed (by its organisation, or with its incident): call-outs stopped,
 * the after-work starts. Reporting creates the evaluation (owner: the person who decided the
 * activation, in their function) and offers a debrief to every participant. Ids and counts only.
 * `activation.status-changed` with status "closed" is still emitted alongside, for the picture.
 */
export const ActivationClosed = defineEvent({
  type: "activation.closed",
  schemaVersion: 1,
  producer: "activation",
  data: z.object({
    activationId: z.uuid(),
    incidentId: z.uuid(),
    group: RosterGroup,
    parentActivationId: z.uuid().nullable(),
    exercise: z.boolean(),
    closedAt: IsoDateTime,
    /**
     * "decision": closed on its own; "incident-closed": ended with its incident; "parent-closed":
     * support persons stood down with the ledningsgrupp activation they were decided under.
     */
    closedWith: z.enum(["decision", "incident-closed", "parent-closed"]),
    counts: CallOutCounts,
    /** Roster person ids of everyone who accepted (they took part); no names, no contact details. */
    participantPersonIds: z.array(z.string()),
    evaluation: z.object({
      /** Who owns the evaluation: the organisation's decider, by roster person id and function. */
      ownerPersonId: z.string(),
      ownerFunctionTitle: z.string(),
      dueAt: IsoDateTime,
    }),
  }),
});
