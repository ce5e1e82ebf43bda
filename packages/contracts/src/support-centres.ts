import { z } from "zod";
import { defineEvent } from "./envelope.ts";
import { CountyCode, IsoDateTime, OrganisationId } from "./ids.ts";
import { Location } from "./incidents.ts";

/**
 * Support centres (stödcentrum): opened by a municipality's POSOM, the region's PKL, or both.
 * Visitors' personal data stays inside the organisation that received them: nothing here that is
 * sent to another organisation (events, counts) names a person.
 */

export const CentreOperator = z.enum(["posom", "pkl", "joint"]);
export type CentreOperator = z.infer<typeof CentreOperator>;

/** Which side of a centre receives a visitor; decides the registration rule. */
export const ReceivingSide = z.enum(["posom", "pkl"]);
export type ReceivingSide = z.infer<typeof ReceivingSide>;

/** The functions a support centre can have (Halland guideline, "Stödcentrum kan ha följande funktion"). */
export const CentreFunction = z.enum([
  "information-referral",
  "crisis-support-follow-up",
  "coordination-referral",
  "information-own-organisation",
  "simple-catering",
]);
export type CentreFunction = z.infer<typeof CentreFunction>;

export const CentreStatus = z.enum(["planned", "open", "closed"]);
export type CentreStatus = z.infer<typeof CentreStatus>;

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:mm");

/** Daily opening hours in local time; `to` before `from` means open past midnight. */
export const OpeningHours = z.object({ from: ClockTime, to: ClockTime });
export type OpeningHours = z.infer<typeof OpeningHours>;

const MunicipalityOrganisationId = OrganisationId.regex(
  /^kommun-\d{4}$/,
  "must be a municipality (kommun-NNNN)",
);
const RegionOrganisationId = OrganisationId.regex(/^region-\d{2}$/, "must be a region (region-NN)");

/** Body of POST /centres. POSOM needs its municipality, PKL its region, a joint centre both. */
export const CreateCentreBody = z
  .object({
    incidentId: z.uuid(),
    operator: CentreOperator,
    posomOrganisationId: MunicipalityOrganisationId.optional(),
    pklOrganisationId: RegionOrganisationId.optional(),
    name: z.string().trim().min(2).max(200),
    location: Location,
    functions: z.array(CentreFunction).min(1).max(5),
    capacity: z.number().int().min(1).max(100_000),
    openingHours: OpeningHours.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.operator !== "pkl" && !body.posomOrganisationId) {
      ctx.addIssue({
        code: "custom",
        path: ["posomOrganisationId"],
        message: "required for a POSOM or joint centre",
      });
    }
    if (body.operator !== "posom" && !body.pklOrganisationId) {
      ctx.addIssue({
        code: "custom",
        path: ["pklOrganisationId"],
        message: "required for a PKL or joint centre",
      });
    }
    if (body.operator === "posom" && body.pklOrganisationId) {
      ctx.addIssue({
        code: "custom",
        path: ["pklOrganisationId"],
        message: "only for a PKL or joint centre",
      });
    }
    if (body.operator === "pkl" && body.posomOrganisationId) {
      ctx.addIssue({
        code: "custom",
        path: ["posomOrganisationId"],
        message: "only for a POSOM or joint centre",
      });
    }
  });
export type CreateCentreBody = z.input<typeof CreateCentreBody>;

/**
 * A count of affected people shown outside the organisation that holds it: "<5" below 5, otherwise
 * rounded down to a multiple of 5 — the band n…n+4 (see `suppressCount`). (Events from before the
 * rounding may carry other numbers of 5 or more; readers round them again.)
 */
export const SuppressedCount = z.union([z.number().int().min(5), z.literal("<5")]);
export type SuppressedCount = z.infer<typeof SuppressedCount>;

/**
 * The one suppression rule for counts that leave their organisation: "<5" below 5, otherwise
 * rounded down to a multiple of 5. Suppressing only the small figures is not enough — beside a total
 * and its other part, or in the history of a live figure (total 5→6→7→8 with registered fixed), a
 * "<5" can be recovered by subtraction. With every figure in bands of 5, no sum, difference or
 * sequence of what is shown pins a figure below 5 to one value (test/fuzz/suppression.test.ts).
 */
export function suppressCount(count: number | "<5"): SuppressedCount {
  if (count === "<5" || count < 5) return "<5";
  return count - (count % 5);
}

export const CentreCounts = z.object({
  /** Visitors in the centre now. */
  present: z.number().int().nonnegative(),
  /** Every arrival since the centre opened. */
  total: z.number().int().nonnegative(),
  children: z.number().int().nonnegative(),
  registered: z.number().int().nonnegative(),
  anonymous: z.number().int().nonnegative(),
  unaccompaniedChildren: z.number().int().nonnegative(),
  /** Calls to the centre's telephone line for relatives (PKL), logged as contacts. */
  phoneContacts: z.number().int().nonnegative(),
});
export type CentreCounts = z.infer<typeof CentreCounts>;

export const SuppressedCentreCounts = z.object({
  present: SuppressedCount,
  total: SuppressedCount,
  children: SuppressedCount,
  registered: SuppressedCount,
  anonymous: SuppressedCount,
  unaccompaniedChildren: SuppressedCount,
  /** Optional so occupancy events from before the telephone line still parse. */
  phoneContacts: SuppressedCount.optional(),
});
export type SuppressedCentreCounts = z.infer<typeof SuppressedCentreCounts>;

/** Orders shown counts: "<5" below every band. */
function lowerBand(a: SuppressedCount, b: SuppressedCount): SuppressedCount {
  if (a === "<5" || b === "<5") return "<5";
  return Math.min(a, b);
}

/**
 * The counts a centre publishes to everyone outside its operators at a tick of its occupancy clock,
 * from its counts at that moment and what it published at the tick before (`previous`, null before
 * the first time). Publishing on a clock, not with each change, keeps the number of changes
 * between two publications unknown to the receiver. Every figure goes out in bands
 * (`suppressCount`), and the two live figures, which go down as well as up, are held so that their
 * history cannot be taken apart: visitors present is shown as the lowest band it has been in (at a
 * tick) since the total last entered a new band, unaccompanied children as the lowest since the
 * children did.
 *
 * Why: a live figure that rises needs arrivals, and the cumulative figure's band caps how many
 * there were. Shown as it is, "present" going "<5" → 5 → "<5" → 5 while the total stays within
 * 5–9 used up every arrival the band allows, which pinned each "<5" at exactly 4. Held, a live
 * figure rises only together with a new band of the figure that feeds it, so every rise is paid
 * for by at least a band of arrivals, and no history of what is published pins a figure under 5
 * (test/fuzz/suppression.test.ts; docs/suppression.md). A fall is shown at once: the published
 * figure is never above the true one's band.
 */
export function nextPublishedCounts(
  previous: SuppressedCentreCounts | null,
  counts: CentreCounts,
): SuppressedCentreCounts {
  const next: SuppressedCentreCounts = {
    present: suppressCount(counts.present),
    total: suppressCount(counts.total),
    children: suppressCount(counts.children),
    registered: suppressCount(counts.registered),
    anonymous: suppressCount(counts.anonymous),
    unaccompaniedChildren: suppressCount(counts.unaccompaniedChildren),
    phoneContacts: suppressCount(counts.phoneContacts),
  };
  if (!previous) return next;
  const held = (live: SuppressedCount, before: SuppressedCount, fedBy: keyof SuppressedCentreCounts) =>
    next[fedBy] !== suppressCount(previous[fedBy] ?? "<5") ? live : lowerBand(live, suppressCount(before));
  return {
    ...next,
    present: held(next.present, previous.present, "total"),
    unaccompaniedChildren: held(next.unaccompaniedChildren, previous.unaccompaniedChildren, "children"),
  };
}

/** pending → accepted | declined: the named co-operator's answer to running a joint centre. */
export const PartnershipStatus = z.enum(["pending", "accepted", "declined"]);
export type PartnershipStatus = z.infer<typeof PartnershipStatus>;

/** A joint centre's co-operator (the operator organisation that did not create it) and its answer. */
export const CentrePartnership = z.object({
  organisationId: OrganisationId,
  status: PartnershipStatus,
  answeredAt: IsoDateTime.nullable(),
});
export type CentrePartnership = z.infer<typeof CentrePartnership>;

/** Body of POST /centres/:id/partnership: the named co-operator accepts or declines. */
export const PartnershipAnswerBody = z.object({ answer: z.enum(["accept", "decline"]) });
export type PartnershipAnswerBody = z.infer<typeof PartnershipAnswerBody>;

/**
 * Halland: "Det är viktigt att beakta behov av samverkan med Polismyndigheten, trossamfund,
 * frivilligorganisationer och andra berörda aktörer när stödcentrum etableras." Each is a prompt
 * on an open centre until the operator records it as contacted or not needed.
 */
export const CooperationPartner = z.enum(["police", "faith-communities", "voluntary-organisations"]);
export type CooperationPartner = z.infer<typeof CooperationPartner>;
export const CooperationStatus = z.enum(["to-consider", "contacted", "not-needed"]);
export type CooperationStatus = z.infer<typeof CooperationStatus>;

export const CentreCooperation = z.object({
  partner: CooperationPartner,
  status: CooperationStatus,
  /**
   * How to reach them. Faith communities through Länsstyrelsen's TiB (Halland: "Kontakter med
   * trossamfund kan fås via Länsstyrelsens TiB"); the others directly.
   */
  contactRoute: z.enum(["direct", "lansstyrelsen-tib"]),
  recordedAt: IsoDateTime.nullable(),
});
export type CentreCooperation = z.infer<typeof CentreCooperation>;

/** Body of PUT /centres/:id/cooperation/:partner. */
export const RecordCooperationBody = z.object({ status: CooperationStatus.exclude(["to-consider"]) });
export type RecordCooperationBody = z.infer<typeof RecordCooperationBody>;

export const Centre = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  countyCode: CountyCode,
  operator: CentreOperator,
  posomOrganisationId: OrganisationId.nullable(),
  pklOrganisationId: OrganisationId.nullable(),
  name: z.string(),
  location: Location,
  functions: z.array(CentreFunction),
  capacity: z.number().int(),
  openingHours: OpeningHours.nullable(),
  status: CentreStatus,
  /** Metres from the incident location, when the service knows it. */
  distanceFromIncidentMetres: z.number().nullable(),
  /** Why the placement could not be fully checked, e.g. the incident's location is not known yet. */
  placementWarning: z.string().nullable(),
  openedAt: IsoDateTime.nullable(),
  closedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  /** Exact for the operating organisations; suppressed below 5 for everyone else. */
  counts: z.union([CentreCounts, SuppressedCentreCounts]),
  countsSuppressed: z.boolean(),
  /**
   * For everyone but the operators: the tick of the occupancy clock whose figures `counts` shows
   * (null before the centre's first publication). Absent for the operators, who see live counts.
   */
  countsAsOf: IsoDateTime.nullable().optional(),
  /** A joint centre's co-operator and its answer; the centre opens only once it accepted. */
  partnership: CentrePartnership.nullable().optional(),
  /** The cooperation to consider once the centre is open (empty before). */
  cooperation: z.array(CentreCooperation).optional(),
});
export type Centre = z.infer<typeof Centre>;

/** A default place (e.g. PKL's hospitals) a centre can be opened at. */
export const CentreTemplate = z.object({
  id: z.uuid(),
  organisationId: OrganisationId,
  operator: CentreOperator,
  name: z.string(),
  location: Location,
  functions: z.array(CentreFunction),
  capacity: z.number().int(),
  /** Equipment kept ready at the place. */
  equipment: z.array(z.string()).optional(),
});
export type CentreTemplate = z.infer<typeof CentreTemplate>;

/**
 * Body of POST /centre-templates: premises prepared in advance by the signed-in person's own
 * organisation, with the equipment kept there (Laholm 3.2: "Ansvara för att lämpliga lokaler och
 * utrustning finns att tillgå"). POSOM's as well as PKL's.
 */
export const CreateCentreTemplateBody = z.object({
  name: z.string().trim().min(2).max(200),
  location: Location,
  functions: z.array(CentreFunction).min(1).max(5),
  capacity: z.number().int().min(1).max(100_000),
  equipment: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
});
export type CreateCentreTemplateBody = z.input<typeof CreateCentreTemplateBody>;

/** Body of PATCH /centre-templates/:id: what changed about prepared premises (the equipment list whole). */
export const UpdateCentreTemplateBody = z
  .object({
    name: z.string().trim().min(2).max(200),
    location: Location,
    functions: z.array(CentreFunction).min(1).max(5),
    capacity: z.number().int().min(1).max(100_000),
    equipment: z.array(z.string().trim().min(1).max(200)).max(50),
  })
  .partial();
export type UpdateCentreTemplateBody = z.input<typeof UpdateCentreTemplateBody>;

// ---- staffing ----

export const CreateShiftBody = z
  .object({
    /** The person's id in the roster (own or received through mutual aid). */
    personId: z.string().min(1).max(100),
    personName: z.string().trim().min(1).max(200),
    homeOrganisationId: OrganisationId,
    viaMutualAid: z.boolean().default(false),
    plannedStart: IsoDateTime,
    plannedEnd: IsoDateTime,
  })
  .refine((s) => Date.parse(s.plannedEnd) > Date.parse(s.plannedStart), {
    path: ["plannedEnd"],
    message: "must be after plannedStart",
  });
export type CreateShiftBody = z.input<typeof CreateShiftBody>;

/** Body of check-in / check-out; `at` defaults to now (staff may record a time they forgot). */
export const ShiftClockBody = z.object({ at: IsoDateTime.optional() });

export const Shift = z.object({
  id: z.uuid(),
  centreId: z.uuid(),
  personId: z.string(),
  personName: z.string(),
  homeOrganisationId: OrganisationId,
  viaMutualAid: z.boolean(),
  plannedStart: IsoDateTime,
  plannedEnd: IsoDateTime,
  checkedInAt: IsoDateTime.nullable(),
  checkedOutAt: IsoDateTime.nullable(),
  minutesWorked: z.number().int().nullable(),
  /** The part of minutesWorked outside ordinary working hours (the municipality pays it). */
  minutesOutsideOrdinaryHours: z.number().int().nullable(),
});
export type Shift = z.infer<typeof Shift>;

// ---- visitors ----

export const VisitorRelation = z.enum(["affected", "relative", "witness", "other"]);
export type VisitorRelation = z.infer<typeof VisitorRelation>;

/**
 * Personal data of a registered visitor. The personnummer (or samordningsnummer) is checked with
 * its check digit by the service; here only its shape.
 */
export const VisitorRegistration = z
  .object({
    name: z.string().trim().min(1).max(200),
    personnummer: z
      .string()
      .regex(/^(\d{2})?\d{6}[-+]?\d{4}$/, "must be YYYYMMDD-NNNN or YYMMDD-NNNN")
      .optional(),
    dateOfBirth: z.iso.date().optional(),
    phone: z.string().max(40).optional(),
    relation: VisitorRelation,
    lookingFor: z.string().max(500).optional(),
    specialNeeds: z.string().max(1000).optional(),
    /** BCP 47 language tag, e.g. "sv", "ar", "so", "prs". */
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag like sv or ar")
      .optional(),
    consentToFollowUp: z.boolean().default(false),
  })
  .refine((r) => r.personnummer !== undefined || r.dateOfBirth !== undefined, {
    path: ["personnummer"],
    message: "a personnummer or a dateOfBirth is required",
  });
export type VisitorRegistration = z.input<typeof VisitorRegistration>;

/** Body of POST /centres/:id/visitors: one arrival, anonymous or registered. */
export const VisitorArrivalBody = z.object({
  /** In a joint centre, who receives the visitor (decides the registration rule); else implied. */
  receivedBy: ReceivingSide.optional(),
  /** Present when the visitor is a child (under 18). */
  child: z.object({ age: z.number().int().min(0).max(17) }).optional(),
  /** The registered adult responsible for this child, in the same centre. */
  guardianVisitorId: z.uuid().optional(),
  registration: VisitorRegistration.optional(),
});
export type VisitorArrivalBody = z.input<typeof VisitorArrivalBody>;

/**
 * Body of POST /centres/:id/phone-contacts: a call to the telephone line for relatives, logged as a
 * contact under the same registration rules as a visit (PKL registers every caller).
 */
export const PhoneContactBody = VisitorArrivalBody.pick({ receivedBy: true, registration: true });
export type PhoneContactBody = z.input<typeof PhoneContactBody>;

export const ContactChannel = z.enum(["in-person", "phone"]);
export type ContactChannel = z.infer<typeof ContactChannel>;

/** What the centre's screen shows of a visitor: no personal data. */
export const VisitorSummary = z.object({
  id: z.uuid(),
  centreId: z.uuid(),
  channel: ContactChannel,
  receivedBy: ReceivingSide,
  registered: z.boolean(),
  child: z.boolean(),
  childAge: z.number().int().nullable(),
  guardianVisitorId: z.uuid().nullable(),
  /** A child with no guardian linked yet: shown on the centre's screen until one is. */
  unaccompanied: z.boolean(),
  arrivedAt: IsoDateTime,
  departedAt: IsoDateTime.nullable(),
});
export type VisitorSummary = z.infer<typeof VisitorSummary>;

/**
 * Where a visitor is referred on to, for what the centre does not give (Halland: "Rutiner för att
 * remittera drabbade till andra instanser"; Enköping: "slussa vidare till ordinarie
 * stödverksamhet"; POSOM "ersätter inte den professionella vård … eller de krisstödsinsatser som
 * varje arbetsgivare ansvarar för"): the vårdcentral or 1177, psychiatry (PKL, vuxenpsykiatri),
 * child and youth psychiatry (BUP), the social services, the employer's occupational health
 * service, a faith community, or elsewhere.
 */
export const ReferralDestination = z.enum([
  "primary-care",
  "psychiatry",
  "child-psychiatry",
  "social-services",
  "occupational-health",
  "faith-community",
  "other",
]);
export type ReferralDestination = z.infer<typeof ReferralDestination>;

/** A visitor with personal data: only to the receiving organisation, never cached, always audited. */
export const VisitorDetails = VisitorSummary.extend({
  registration: z
    .object({
      name: z.string(),
      personnummer: z.string().nullable(),
      dateOfBirth: z.string().nullable(),
      phone: z.string().nullable(),
      relation: VisitorRelation,
      lookingFor: z.string().nullable(),
      specialNeeds: z.string().nullable(),
      language: z.string().nullable(),
      consentToFollowUp: z.boolean(),
    })
    .nullable(),
  /** Where the visitor was referred on to, in order (absent where the answer does not list them). */
  referredTo: z.array(ReferralDestination).optional(),
});
export type VisitorDetails = z.infer<typeof VisitorDetails>;

export const LinkGuardianBody = z.object({ guardianVisitorId: z.uuid() });

/** Body of POST …/visitors/:visitorId/referrals: where the visitor was referred on to. */
export const VisitorReferralBody = z.object({ to: ReferralDestination });
export type VisitorReferralBody = z.input<typeof VisitorReferralBody>;

export const VisitorReferral = z.object({
  id: z.uuid(),
  visitorId: z.uuid(),
  to: ReferralDestination,
  referredAt: IsoDateTime,
  /** The staff member who referred (by name, as the handover's). */
  referredBy: z.string(),
});
export type VisitorReferral = z.infer<typeof VisitorReferral>;

export const HandoverVerification = z.enum(["id-document", "known-to-staff", "police-confirmed", "other"]);

/** Body of POST …/visitors/:id/handovers: a child handed to someone; the child leaves the centre. */
export const ChildHandoverBody = z.object({
  handedToName: z.string().trim().min(1).max(200),
  handedToRelation: z.string().trim().min(1).max(100),
  verifiedHow: HandoverVerification,
  verificationNote: z.string().max(500).optional(),
});
export type ChildHandoverBody = z.input<typeof ChildHandoverBody>;

// ---- reunification ----

/** Body of POST /reunification/searches: a relative asks for a person. */
export const ReunificationSearchBody = z
  .object({
    incidentId: z.uuid(),
    name: z.string().trim().min(2).max(200).optional(),
    personnummer: z
      .string()
      .regex(/^(\d{2})?\d{6}[-+]?\d{4}$/)
      .optional(),
    dateOfBirth: z.iso.date().optional(),
    /** The registered visitor who asks, when there is one. */
    seekerVisitorId: z.uuid().optional(),
  })
  .refine((b) => b.name !== undefined || b.personnummer !== undefined || b.dateOfBirth !== undefined, {
    path: ["name"],
    message: "give a name, a personnummer or a dateOfBirth",
  });
export type ReunificationSearchBody = z.input<typeof ReunificationSearchBody>;

export const ReunificationMatchBody = z.object({
  seekerVisitorId: z.uuid(),
  foundVisitorId: z.uuid(),
});

// ---- events (counts only, never a person) ----

const CentreEventData = z.object({
  centreId: z.uuid(),
  incidentId: z.uuid(),
  operator: CentreOperator,
  operatorOrganisationIds: z.array(OrganisationId),
  name: z.string(),
  location: Location,
  functions: z.array(CentreFunction),
  capacity: z.number().int(),
  status: CentreStatus,
  /** A joint centre's co-operator and its answer (absent on centres without one). */
  partnership: CentrePartnership.nullable().optional(),
});

/** A centre was planned, opened or closed, or its named co-operator accepted or declined. */
export const CentreChanged = defineEvent({
  type: "centre.changed",
  schemaVersion: 1,
  producer: "support-centres",
  data: CentreEventData,
});

/** A centre's visitor counts changed (published only when the suppressed figures change). */
export const CentreOccupancyChanged = defineEvent({
  type: "centre.occupancy-changed",
  schemaVersion: 1,
  producer: "support-centres",
  data: z.object({
    centreId: z.uuid(),
    incidentId: z.uuid(),
    capacity: z.number().int(),
    counts: SuppressedCentreCounts,
    /**
     * The tick of the occupancy clock these figures are of (support-centres publishes every
     * centre's occupancy on a clock, not with each change; docs/suppression.md). Optional so
     * events from before the clock still parse; readers then take the event's time.
     */
    asOf: IsoDateTime.optional(),
  }),
});

/**
 * A shift at a centre was checked out: how long it was, and how much of it fell outside ordinary
 * working time (Laholm 3.5: "Vid akuta insatser då POSOM aktivera utan för ordinarie arbetstid står
 * kommunstyrelsen för lönekostnader"). The envelope's organisation is the one whose after-work
 * counts it: the person's own, or the asker's for a helper sent under mutual aid. Minutes only,
 * never a person.
 */
export const ShiftCompleted = defineEvent({
  type: "centre.shift-completed",
  schemaVersion: 1,
  producer: "support-centres",
  data: z.object({
    shiftId: z.uuid(),
    centreId: z.uuid(),
    incidentId: z.uuid(),
    minutesWorked: z.number().int().nonnegative(),
    minutesOutsideOrdinaryHours: z.number().int().nonnegative(),
  }),
});

/**
 * Someone checked in for a shift at a centre: they take part in the work, so the organisation that
 * runs the centre offers them a debrief afterwards (Laholm 3.7 "alla som deltagit i arbetet
 * erbjudas stödsamtal"). The envelope's organisation is the centre's; the person's id and home
 * organisation let the activation service offer it. No name, no contact details.
 */
export const StaffCheckedIn = defineEvent({
  type: "centre.staff-checked-in",
  schemaVersion: 1,
  producer: "support-centres",
  data: z.object({
    shiftId: z.uuid(),
    centreId: z.uuid(),
    incidentId: z.uuid(),
    personId: z.string().min(1).max(100),
    homeOrganisationId: OrganisationId,
    viaMutualAid: z.boolean(),
    checkedInAt: IsoDateTime,
  }),
});

// ---- language help ----

/**
 * Answer of GET /centres/:id/visitors/:visitorId/language-help: who can speak the visitor's
 * language. Staff on shift at the centre first; only when none does, the receiving organisation's
 * people who speak it (from the roster, with phones, audited there); when nobody does, book an
 * interpreter.
 */
export const LanguageHelp = z.object({
  visitorId: z.uuid(),
  /** The visitor's recorded language, normalised ("prs" → "fa"). */
  language: z.string(),
  /** The language's Swedish name, e.g. "arabiska". */
  languageName: z.string(),
  /** Checked-in, not yet checked-out staff at this centre who speak it. */
  onShift: z.array(
    z.object({
      shiftId: z.uuid(),
      personId: z.string(),
      personName: z.string(),
      homeOrganisationId: OrganisationId,
      viaMutualAid: z.boolean(),
    }),
  ),
  /** Asked of the roster only when nobody on shift speaks it; otherwise empty. */
  organisationSpeakers: z.array(
    z.object({
      personId: z.uuid(),
      name: z.string(),
      phones: z.array(z.string()),
      available: z.boolean(),
    }),
  ),
  interpreterNeeded: z.boolean(),
  /** What to do, in Swedish, for the centre's screen. */
  note: z.string(),
});
export type LanguageHelp = z.infer<typeof LanguageHelp>;

/**
 * GET /centres/:id/language-needs: the languages other than Swedish that the organisation's
 * visitors still at the centre need, each with how many of them and how many staff on shift speak
 * it — counts only, no visitor named. Reading the languages is a read of each visitor's data
 * (audited). Most visitors first.
 */
export const LanguageNeeds = z.object({
  centreId: z.uuid(),
  needs: z.array(
    z.object({
      /** Normalised language code, e.g. "ar". */
      language: z.string(),
      /** Its Swedish name, e.g. "arabiska". */
      languageName: z.string(),
      visitorsPresent: z.number().int().positive(),
      speakersOnShift: z.number().int().nonnegative(),
    }),
  ),
});
export type LanguageNeeds = z.infer<typeof LanguageNeeds>;
