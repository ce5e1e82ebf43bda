import { z } from "zod";
import { defineEvent } from "./envelope.ts";
import { CountyCode, IsoDateTime, MunicipalityCode, OrganisationId } from "./ids.ts";
import { LanguageTag } from "./languages.ts";

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

export const OrganisationKind = z.enum(["municipality", "region", "county-board", "partner"]);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

/**
 * A person's place in the group: samordnare, ledningsgrupp, stödperson, PKL member, or someone who
 * only holds an authorised activating function (kommunchef …) and is on no call list.
 */
export const RosterRole = z.enum(["coordinator", "management", "support-person", "pkl", "activator"]);
export type RosterRole = z.infer<typeof RosterRole>;

/** The groups an organisation keeps a call list (larmlista) for, each in its own order. */
export const RosterGroup = z.enum(["management", "support-persons", "pkl"]);
export type RosterGroup = z.infer<typeof RosterGroup>;

/** Which call list a role belongs on; `activator` is on none. */
export const callListGroupOf: Record<RosterRole, RosterGroup | null> = {
  coordinator: "management",
  management: "management",
  "support-person": "support-persons",
  pkl: "pkl",
  activator: null,
};

/**
 * Learning levels of the Halland guideline ("Lägre nivå av lärande → Högre nivå av lärande"),
 * lowest first: kännedom, kunskap, förståelse, tillämpning, analys, syntes, värdering.
 */
export const CompetenceLevel = z.enum([
  "awareness",
  "knowledge",
  "understanding",
  "application",
  "analysis",
  "synthesis",
  "evaluation",
]);
export type CompetenceLevel = z.infer<typeof CompetenceLevel>;

export const CompetenceProfileId = z.enum(["management", "support-person"]);
export type CompetenceProfileId = z.infer<typeof CompetenceProfileId>;

/** Profile items: `management-1` … `management-5`, `support-person-1` … `support-person-4`. */
export const CompetenceItemId = z.string().regex(/^(management-[1-5]|support-person-[1-4])$/);

export const TrainingKind = z.enum(["full-day", "half-day", "exercise", "introduction"]);
export type TrainingKind = z.infer<typeof TrainingKind>;

export const UnavailabilityReason = z.enum(["holiday", "sick", "other"]);

export const IsoDate = z.iso.date();

// ---------------------------------------------------------------------------------------------
// HTTP bodies
// ---------------------------------------------------------------------------------------------

export const MapPosition = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

export const CreateOrganisationBody = z.object({
  id: OrganisationId,
  name: z.string().trim().min(2).max(200),
  kind: OrganisationKind,
  countyCode: CountyCode,
  municipalityCode: MunicipalityCode.optional(),
  position: MapPosition.optional(),
});

/**
 * How the public reaches the organisation's POSOM or PKL (Webbsida: "Ring eller skicka e-post till
 * kontaktcenter"; PKL's telephone line for relatives): on the information given to affected people.
 */
export const PublicContact = z.object({
  /** Any notation; stored as E.164. */
  phone: z.string().max(40).nullable(),
  email: z.email().max(200).nullable(),
  /** Opening hours or the way in, in words ("Kontaktcenter, vardagar 8–17"). */
  note: z.string().trim().max(300).nullable(),
});
export type PublicContact = z.infer<typeof PublicContact>;

/**
 * How other organisations reach the organisation's POSOM or PKL when something happens, its
 * ordinary alarm route (Halland: "Kontakter med kommunerna tas via ordinarie larmvägar vid
 * händelser. Dessa kontaktvägar bör kommuniceras till Region Hallands TIB-funktion och andra
 * berörda aktörer"; Laholm 3.1: HILL, the insatsledare i beredskap). A function's number, not a
 * person's: every organisation sees it, on the county's overview.
 */
export const AlarmContact = PublicContact;
export type AlarmContact = z.infer<typeof AlarmContact>;

/**
 * The organisations the ledningsgrupp is to have a representative from, as the municipality's own
 * steering document names them. Laholm 3.1: "POSOMs ledningsgrupp består av representanter från
 * Socialtjänsten, Polisen, Räddningstjänsten och Svenska kyrkan. Dessa utses av respektive
 * organisation"; a municipality's POSOM page: "I gruppen ingår: Socialtjänst, Skola, Fritid, Capio
 * vårdcentral, Svenska kyrkan, Röda Korset"; Halland: "Övriga organisationer som kan representeras
 * i ledningsgruppen är till exempel kommunala bolag, trossamfund, Polismyndigheten och
 * Försvarsmakten". Empty: the organisation has not said.
 */
export const ManagementComposition = z.array(z.string().trim().min(2).max(100)).max(20);

export const UpdateOrganisationBody = z
  .object({
    name: z.string().trim().min(2).max(200),
    position: MapPosition.nullable(),
    publicContact: PublicContact.nullable(),
    alarmContact: AlarmContact.nullable(),
    managementComposition: ManagementComposition,
  })
  .partial();

/** Neighbours in fallback order (Laholm: Halmstad, then Båstad). */
export const NeighboursBody = z.object({ neighbours: z.array(OrganisationId).max(20) });

/** The functions allowed to activate the organisation's group, as the organisation names them. */
const FunctionTitle = z
  .string()
  .trim()
  .min(2)
  .max(200)
  // The function's id is made from the title; "!!" or "--" would give none.
  .regex(/[\p{L}\p{N}]/u, "must contain a letter or a digit");

/**
 * When a function may activate at all, beyond holding it: Laholm 3.1 "Personer med ledande
 * befattning inom polis, i samband med polisiär insats" — only for an incident with a police
 * operation under way (the incident's `policeOperation`).
 */
export const FunctionCondition = z.enum(["police-operation"]);
export type FunctionCondition = z.infer<typeof FunctionCondition>;

/**
 * The functions allowed to activate the organisation's group, as the organisation names them. A
 * function may stand in for another of the list: it decides only when that one cannot be reached
 * (Enköping: "Är förvaltningschef vid socialförvaltningen ej nåbar kan tjänsteman i beredskap
 * (TiB) eller ansvarig för kommunens krisledning (stabschef) aktivera POSOM-insats"). Laholm's list
 * is "utan inbördes ordning": plain titles.
 */
export const AuthorisedFunctionsBody = z.object({
  functions: z
    .array(
      z.union([
        FunctionTitle,
        z.object({
          title: FunctionTitle,
          standsInFor: FunctionTitle.optional(),
          onlyDuring: FunctionCondition.optional(),
          /**
           * The groups it may activate (all when absent). Laholm 3.1: these functions "har
           * befogenhet att besluta om aktivering av POSOMs ledningsgrupp" — the ledningsgrupp only;
           * the support persons are then the ledningsgrupp's own decision.
           */
          groups: z.array(RosterGroup).min(1).max(3).optional(),
        }),
      ]),
    )
    .max(30),
});
export type AuthorisedFunctionsBody = z.input<typeof AuthorisedFunctionsBody>;

/** An authorised function; the id is a slug of the title, stable while the title stays. */
export const AuthorisedFunction = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string(),
  /** The id of the function this one stands in for: it decides only when that one cannot be reached. */
  standsInFor: z.string().nullable().optional(),
  /** Decides only while this holds of the incident (a police commander: a police operation). */
  onlyDuring: FunctionCondition.nullable().optional(),
  /** The groups it may activate; absent or null: every group of the organisation. */
  groups: z.array(RosterGroup).nullable().optional(),
});
export type AuthorisedFunction = z.infer<typeof AuthorisedFunction>;

export const Organisation = z.object({
  id: OrganisationId,
  name: z.string(),
  kind: OrganisationKind,
  countyCode: CountyCode,
  municipalityCode: MunicipalityCode.nullable(),
  position: MapPosition.nullable(),
  neighbours: z.array(OrganisationId),
  authorisedFunctions: z.array(AuthorisedFunction),
  callListReviewedAt: IsoDateTime.nullable(),
  /** How the public reaches it; null (or absent, from before it existed) when not given. */
  publicContact: PublicContact.nullable().optional(),
  /** How other organisations alert it (its larmväg); null (or absent, from older servers) when not given. */
  alarmContact: AlarmContact.nullable().optional(),
  /** Whom the ledningsgrupp is to represent (ManagementComposition); absent from older servers. */
  managementComposition: z.array(z.string()).optional(),
});
export type Organisation = z.infer<typeof Organisation>;

const personFields = {
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  role: RosterRole,
  workplace: z.string().trim().max(200).default(""),
  employer: z.string().trim().max(200).default(""),
  /** Any notation; stored normalised to E.164. At least one for anyone on a call list. */
  phones: z.array(z.string().max(40)).max(3).default([]),
  email: z.email().max(200).nullable().default(null),
  /** ISO 639-1 codes, e.g. ["sv", "ar"]. */
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}$/))
    .max(20)
    .default([]),
  /** Needed when the employer is another organisation (Laholm 3.5); null when not needed. */
  managerApproval: z.boolean().nullable().default(null),
  /** Id of the authorised activating function the person holds, if any (one of the organisation's). */
  activatorFunctionId: z.string().min(1).max(200).nullable().default(null),
  /** Subject of the person's sign-in, so they can mark themselves unavailable. */
  userId: z.string().min(1).max(200).nullable().default(null),
  active: z.boolean().default(true),
};

export const CreatePersonBody = z.object(personFields);
export type CreatePersonBody = z.input<typeof CreatePersonBody>;
/**
 * Body of PATCH /people/:id: only the fields sent change. Without their defaults: zod applies a
 * field's default inside `.partial()`, so `{ managerApproval: true }` read as also clearing the
 * employer, the workplace and the phones, unlinking the sign-in and making the person active.
 */
export const UpdatePersonBody = z
  .object({
    ...personFields,
    workplace: personFields.workplace.unwrap(),
    employer: personFields.employer.unwrap(),
    phones: personFields.phones.unwrap(),
    email: personFields.email.unwrap(),
    languages: personFields.languages.unwrap(),
    managerApproval: personFields.managerApproval.unwrap(),
    activatorFunctionId: personFields.activatorFunctionId.unwrap(),
    userId: personFields.userId.unwrap(),
    active: personFields.active.unwrap(),
  })
  .partial();

export const Person = z.object({
  id: z.uuid(),
  organisationId: OrganisationId,
  givenName: z.string(),
  familyName: z.string(),
  role: RosterRole,
  workplace: z.string(),
  employer: z.string(),
  /** Contact details: present for the organisation's own leads only, otherwise null. */
  phones: z.array(z.string()).nullable(),
  email: z.string().nullable(),
  languages: z.array(z.string()),
  managerApproval: z.boolean().nullable(),
  activatorFunctionId: z.string().nullable(),
  active: z.boolean(),
});
export type Person = z.infer<typeof Person>;

export const CallListBody = z.object({ personIds: z.array(z.uuid()).max(2000) });

export const UnavailabilityBody = z
  .object({ from: IsoDateTime, to: IsoDateTime, reason: UnavailabilityReason.default("other") })
  .refine((v) => Date.parse(v.to) > Date.parse(v.from), { path: ["to"], message: "must be after from" });

export const TrainingCoverage = z.object({ item: CompetenceItemId, level: CompetenceLevel });

export const CreateTrainingBody = z.object({
  organisationId: OrganisationId,
  title: z.string().trim().min(2).max(200),
  kind: TrainingKind,
  date: IsoDate,
  organiser: z.string().trim().min(2).max(200),
  /** Which profile items the training gives, and to which level. */
  covers: z.array(TrainingCoverage).max(9).default([]),
  attendeeIds: z.array(z.uuid()).max(2000).default([]),
});

export const AttendeesBody = z.object({ personIds: z.array(z.uuid()).min(1).max(2000) });

// ---------------------------------------------------------------------------------------------
// Readiness
// ---------------------------------------------------------------------------------------------

export const ReadinessLevel = z.enum(["ready", "partial", "insufficient"]);
export type ReadinessLevel = z.infer<typeof ReadinessLevel>;

export const ReadinessGapCode = z.enum([
  "support-persons-below-target",
  "workplaces-too-few",
  "workplace-concentration",
  "training-outdated",
  "coordinator-missing",
  "management-too-small",
  "management-competence-missing",
  "call-list-not-reviewed",
  "manager-approval-missing",
  /** A reminder without points: the action plan is kept current as the call list is (Laholm 3.2). */
  "action-plan-not-reviewed",
  /** Yearly duties, reminders without points (Halland, Nätverket; Laholm 3.2). */
  "guideline-review-due",
  "network-meeting-due",
  "training-plan-due",
  /** Laholm 2: the local steering document tried once per term of office (a reminder without points). */
  "steering-document-review-due",
  /** Halland: a PKL representative co-opted to the municipality's ledningsgrupp twice a year (a reminder). */
  "pkl-adjunct-due",
  /** Laholm 3.1: an organisation the ledningsgrupp is to include has nobody in it (a reminder). */
  "management-representation-missing",
]);
export type ReadinessGapCode = z.infer<typeof ReadinessGapCode>;

export const ReadinessFigures = z.object({
  supportPersons: z.number().int(),
  supportPersonTarget: z.number().int(),
  workplaces: z.number().int(),
  /** Share (0–1) of active support persons at the largest workplace. */
  largestWorkplaceShare: z.number(),
  /** Share (0–1) of active group members who attended training or an exercise in the last two years. */
  trainedShare: z.number(),
  managementMembers: z.number().int(),
  coordinator: z.boolean(),
  managementComplete: z.boolean(),
  callListReviewedAt: IsoDateTime.nullable(),
  callListReviewedRecently: z.boolean(),
});

/**
 * The recurring duties of the guidelines, recorded when done: yearly or twice a year, and the local
 * steering document once per term of office (the name is from when all of them were yearly).
 */
export const YearlyDuty = z.enum([
  "guideline-review",
  "network-meeting",
  "training-plan",
  "steering-document-review",
  "pkl-adjunct",
]);
export type YearlyDuty = z.infer<typeof YearlyDuty>;

/** Body of POST /organisations/:id/yearly-duties: a duty done (today unless `on` is given). */
export const RecordYearlyDutyBody = z.object({ duty: YearlyDuty, on: IsoDate.optional() });
export type RecordYearlyDutyBody = z.infer<typeof RecordYearlyDutyBody>;

/**
 * A meeting of the county's POSOM and PKL network, recorded by Länsstyrelsen, who convenes it.
 * Halland: "Länsstyrelsen ansvarar för den övergripande samordningen, som innebär följande
 * uppgifter: Planera och sammankalla till arbetsgruppens möten, två halvdagar per år"; "Nätverket
 * träffas två gånger per år". Each organisation that took part has its network meeting recorded.
 */
export const RecordNetworkMeetingBody = z.object({
  /** The day it was held (not a day still to come). */
  on: IsoDate,
  /** The county's organisations that took part (their POSOM or PKL samordnare). */
  organisations: z.array(OrganisationId).min(1).max(100),
  /** What it was about, in a line ("Utvärdering av höstens övning"). */
  note: z.string().trim().max(300).nullable().default(null),
  /**
   * The network reviewed the guideline at the meeting (Halland: "Riktlinjerna ses över av POSOM
   * och PKL-nätverket en gång per år"): recorded for each organisation that took part.
   */
  guidelineReviewed: z.boolean().default(false),
});
export type RecordNetworkMeetingBody = z.input<typeof RecordNetworkMeetingBody>;

export const NetworkMeeting = z.object({
  id: z.uuid(),
  countyCode: CountyCode,
  on: IsoDate,
  organisations: z.array(OrganisationId),
  note: z.string().nullable(),
  guidelineReviewed: z.boolean(),
  recordedAt: IsoDateTime,
});
export type NetworkMeeting = z.infer<typeof NetworkMeeting>;

export const ReadinessGap = z.object({
  code: ReadinessGapCode,
  /** Score points this gap costs. */
  points: z.number(),
  /** Swedish explanation for the POSOM lead. */
  message: z.string(),
  /**
   * The figures in the explanation, by name (e.g. `{ active: 9, target: 20 }`), so a client can
   * say it in the user's language; which names go with which code: apps/roster's compute.ts.
   */
  values: z.record(z.string(), z.union([z.number(), z.string()])).default({}),
});

export const Readiness = z.object({
  organisationId: OrganisationId,
  countyCode: CountyCode,
  level: ReadinessLevel,
  /** 0–100. */
  score: z.number().int().min(0).max(100),
  figures: ReadinessFigures,
  gaps: z.array(ReadinessGap),
  computedAt: IsoDateTime,
});
export type Readiness = z.infer<typeof Readiness>;

/**
 * An organisation's operational action plan as a checklist (Laholm 3.2 "Upprätta operativ
 * handlingsplan"; Lekeberg "hålla handlingsplan, checklistor och larmlistor uppdaterade"; Halland
 * "Planeringen kan beskrivas i interna checklistor"): the steps its ledningsgrupp works through
 * when activated, in order. Body of PUT /organisations/:id/action-plan; saving it reviews it.
 */
export const ActionPlanBody = z.object({
  steps: z.array(z.string().trim().min(2).max(300)).min(1).max(60),
});
export type ActionPlanBody = z.input<typeof ActionPlanBody>;

/** GET /organisations/:id/action-plan: the steps (none yet: empty), and when it was last reviewed. */
export const ActionPlan = z.object({
  organisationId: OrganisationId,
  steps: z.array(z.string()),
  reviewedAt: IsoDateTime.nullable(),
  /** Who reviewed it last (the login subject). */
  reviewedBy: z.string().nullable(),
});
export type ActionPlan = z.infer<typeof ActionPlan>;

// ---------------------------------------------------------------------------------------------
// Events (ids and counts only, never contact details)
// ---------------------------------------------------------------------------------------------

export const RosterOrganisationChanged = defineEvent({
  type: "roster.organisation-changed",
  schemaVersion: 1,
  producer: "roster",
  data: z.object({
    organisationId: OrganisationId,
    change: z.enum(["created", "updated", "neighbours", "authorised-functions", "action-plan"]),
    neighbours: z.array(OrganisationId),
    authorisedFunctionCount: z.number().int(),
  }),
});

export const RosterPersonChanged = defineEvent({
  type: "roster.person-changed",
  schemaVersion: 1,
  producer: "roster",
  data: z.object({
    personId: z.uuid(),
    change: z.enum(["added", "updated"]),
    role: RosterRole,
    active: z.boolean(),
  }),
});

export const RosterCallListChanged = defineEvent({
  type: "roster.call-list-changed",
  schemaVersion: 1,
  producer: "roster",
  data: z.object({
    group: RosterGroup,
    change: z.enum(["reordered", "imported", "reviewed"]),
    entries: z.number().int(),
  }),
});

export const RosterCallListImported = defineEvent({
  type: "roster.call-list-imported",
  schemaVersion: 1,
  producer: "roster",
  data: z.object({
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    removedFromLists: z.number().int(),
  }),
});

export const RosterTrainingRecorded = defineEvent({
  type: "roster.training-recorded",
  schemaVersion: 1,
  producer: "roster",
  data: z.object({ trainingId: z.uuid(), kind: TrainingKind, date: IsoDate, attendees: z.number().int() }),
});

export const RosterAvailabilityChanged = defineEvent({
  type: "roster.availability-changed",
  schemaVersion: 1,
  producer: "roster",
  // No reason: "sick" is health data about the person.
  data: z.object({
    personId: z.uuid(),
    periodId: z.uuid(),
    change: z.enum(["unavailable", "cleared"]),
    from: IsoDateTime,
    to: IsoDateTime,
  }),
});

export const RosterReadinessChanged = defineEvent({
  type: "roster.readiness-changed",
  schemaVersion: 1,
  producer: "roster",
  data: z.object({
    organisationId: OrganisationId,
    level: ReadinessLevel,
    score: z.number().int(),
    previousLevel: ReadinessLevel.nullable(),
    previousScore: z.number().int().nullable(),
    figures: ReadinessFigures,
    gaps: z.array(ReadinessGapCode),
  }),
});

// ---------------------------------------------------------------------------------------------
// Request/reply for other services: subjects.rpc(ns, "roster", rosterRpc.*)
// ---------------------------------------------------------------------------------------------

export const rosterRpc = {
  callList: "call-list",
  activators: "authorised-activators",
  speakers: "language-speakers",
  languagesOf: "languages-of",
  debriefContacts: "debrief-contacts",
} as const;

/**
 * Who to call now: the organisation's call list in order, active and available people only. Asked
 * on behalf of the signed-in person deciding (the request carries their access token); roster
 * audits the read of the contact details under that person.
 */
export const CallListRequest = z.object({
  organisationId: OrganisationId,
  group: RosterGroup.default("support-persons"),
  /** Availability is checked at this instant; default now. */
  at: IsoDateTime.optional(),
});

export const CallListEntry = z.object({
  personId: z.uuid(),
  position: z.number().int().min(1),
  name: z.string(),
  role: RosterRole,
  phones: z.array(z.string()),
  email: z.string().nullable(),
  languages: z.array(z.string()),
});
export type CallListEntry = z.infer<typeof CallListEntry>;

export const CallListResponse = z.object({
  organisationId: OrganisationId,
  group: RosterGroup,
  at: IsoDateTime,
  entries: z.array(CallListEntry),
  /** Left out because unavailable or inactive at `at`, so the caller can say why the list is short. */
  skipped: z.object({ unavailable: z.number().int(), inactive: z.number().int() }),
  /** Fallback organisations in order, when this group cannot be reached. */
  neighbours: z.array(OrganisationId),
});
export type CallListResponse = z.infer<typeof CallListResponse>;

export const AuthorisedActivatorsRequest = z.object({
  organisationId: OrganisationId,
  /**
   * The caller's own login subject (the access token's `sub`, a roster person's `userId`): the
   * answer then says in `signedIn` who that is in the organisation's roster. Roster refuses a
   * subject other than that of the access token the request carries.
   */
  loginSubject: z.string().min(1).max(200).optional(),
});

export const AuthorisedActivatorsResponse = z.object({
  organisationId: OrganisationId,
  functions: z.array(AuthorisedFunction),
  /** Active people holding one of the functions. */
  persons: z.array(
    z.object({
      personId: z.uuid(),
      name: z.string(),
      functionId: z.string(),
      functionTitle: z.string(),
      phones: z.array(z.string()),
    }),
  ),
  /**
   * Asked with `loginSubject`: the organisation's active person signed in as it, with the
   * authorised function they hold (null when none); null when nobody in the roster has that subject.
   */
  signedIn: z
    .object({
      personId: z.uuid(),
      name: z.string(),
      role: RosterRole,
      functionId: z.string().nullable(),
    })
    .nullable()
    .optional(),
});
export type AuthorisedActivatorsResponse = z.infer<typeof AuthorisedActivatorsResponse>;

/**
 * Who in the organisation speaks a language (compared by `normaliseLanguage`), with their phones so
 * they can be called in. Asked on behalf of a signed-in member of that same organisation (its
 * leads or centre staff), whose access token the request carries: roster verifies it, refuses any
 * other asker and audits the read of each person's contact details under that person.
 */
export const SpeakersRequest = z.object({
  organisationId: OrganisationId,
  language: LanguageTag,
  /** Why the contact details are read, kept on the audit trail. */
  reason: z.string().min(1).max(500),
});
export type SpeakersRequest = z.input<typeof SpeakersRequest>;

export const Speaker = z.object({
  personId: z.uuid(),
  name: z.string(),
  role: RosterRole,
  phones: z.array(z.string()),
  /** False when the person is marked unavailable now (still listed: they may still help by phone). */
  available: z.boolean(),
});
export type Speaker = z.infer<typeof Speaker>;

export const SpeakersResponse = z.object({
  organisationId: OrganisationId,
  /** The normalised language that was looked for, e.g. "fa" for "prs". */
  language: z.string(),
  /** Active people of the organisation who speak it, available ones first. */
  people: z.array(Speaker),
});
export type SpeakersResponse = z.infer<typeof SpeakersResponse>;

/**
 * The languages of these roster people (any organisation; e.g. the staff on shift at a centre,
 * own or received through mutual aid). No contact details. Ids roster does not know are left out.
 */
export const LanguagesOfRequest = z.object({ personIds: z.array(z.string().min(1).max(100)).max(1000) });

export const LanguagesOfResponse = z.object({
  people: z.array(
    z.object({ personId: z.uuid(), organisationId: OrganisationId, languages: z.array(z.string()) }),
  ),
});
export type LanguagesOfResponse = z.infer<typeof LanguagesOfResponse>;

/**
 * Where to send a debrief offer (Laholm 3.7 "alla som deltagit i arbetet erbjudas stödsamtal"):
 * the phones and e-mail of people who took part, asked by the activation service itself after an
 * activation closed — no signed-in user is there to ask on behalf of. Only the activation service's
 * NATS identity may call it (busAccess); roster audits each read under that service. Ids roster does
 * not know are left out of the answer.
 */
export const DebriefContactsRequest = z.object({
  personIds: z.array(z.string().min(1).max(200)).min(1).max(200),
  /** Why, kept on the audit trail (e.g. the incident). */
  reason: z.string().min(1).max(500),
});
export type DebriefContactsRequest = z.input<typeof DebriefContactsRequest>;

export const DebriefContactsResponse = z.object({
  contacts: z.array(
    z.object({
      personId: z.string(),
      organisationId: OrganisationId,
      phones: z.array(z.string()),
      email: z.string().nullable(),
    }),
  ),
});
export type DebriefContactsResponse = z.infer<typeof DebriefContactsResponse>;
