import { z } from "zod";
import { defineEvent } from "./envelope.ts";
import { CountyCode, IsoDateTime, MunicipalityCode, OrganisationId } from "./ids.ts";
import { IncidentKind } from "./incidents.ts";
import { PictureActivation, PictureMutualAid, PictureSupportCentre } from "./picture.ts";

/**
 * The reporting service's own records: situation reports to Länsstyrelsen, logbooks, and what
 * follows an activation (evaluation, debriefs, costs, hours, load, yearly statistics).
 * Until `@krisstod/auth` is wired, the acting organisation is named in the body or query.
 */

const Text = (max: number) => z.string().trim().max(max);
/** A person as the roster knows them (id only; names live in the roster). */
const PersonId = z.string().trim().min(1).max(200);

// ---- situation reports (lägesrapport) ----

/** The sections of a situation report, as Länsstyrelsen's template asks for them. */
export const SituationReportSections = z.object({
  situation: Text(10_000).min(1),
  consequences: Text(10_000).default(""),
  actionsTaken: Text(10_000).default(""),
  supportCentres: Text(10_000).default(""),
  resourcesAndNeeds: Text(10_000).default(""),
});
/** The section names in the template's order: the form, the printed report and the county summary. */
export const situationReportSectionNames = SituationReportSections.keyof().options;
export type SituationReportSection = (typeof situationReportSectionNames)[number];

/** Body of POST /incidents/:incidentId/situation-reports: the next version of the organisation's report. */
export const SubmitSituationReportBody = SituationReportSections.extend({
  organisationId: OrganisationId,
  countyCode: CountyCode,
  /** When the next report will come; null when none is planned (e.g. the final report). */
  nextReportDue: IsoDateTime.nullable().default(null),
  submittedBy: Text(200).min(1),
});
export type SubmitSituationReportBody = z.input<typeof SubmitSituationReportBody>;

export const SituationReport = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  organisationId: OrganisationId,
  countyCode: CountyCode,
  /** 1 for the first report; each submission is a new version, none is ever overwritten. */
  version: z.number().int().positive(),
  situation: z.string(),
  consequences: z.string(),
  actionsTaken: z.string(),
  supportCentres: z.string(),
  resourcesAndNeeds: z.string(),
  nextReportDue: IsoDateTime.nullable(),
  submittedBy: z.string(),
  submittedAt: IsoDateTime,
});
export type SituationReport = z.infer<typeof SituationReport>;

/**
 * GET /incidents/:incidentId/crisis-management-briefing: POSOM's lägesbild and needs for the
 * municipality's crisis management and its TiB (the organisation's authorised activators), while
 * that crisis management is activated. Enköping: "Sammanfatta och förmedla lägesbild och behov
 * till kommunens krisledning/TiB"; Laholm 3.1: "POSOM är underordnad denna". Counts, no names.
 */
export const CrisisManagementBriefing = z.object({
  incidentId: z.uuid(),
  organisationId: OrganisationId,
  /**
   * Whether the municipality's crisis management is activated for the incident: POSOM's work is then
   * part of it (Halland); without it, POSOM leads its own work and reports to the TiB.
   */
  crisisManagementActivated: z.boolean(),
  /** POSOM's activations for the incident: groups, status and call-out counts. */
  activations: z.array(PictureActivation),
  /** The support centres the organisation runs for the incident. */
  supportCentres: z.array(PictureSupportCentre),
  /** Needs: the organisation's requests for help from others (mutual aid), with the answers. */
  needs: z.array(PictureMutualAid),
  /** POSOM's latest situation report's lägesbild and needs (null before the first). */
  latestReport: SituationReport.pick({
    version: true,
    situation: true,
    resourcesAndNeeds: true,
    submittedAt: true,
  }).nullable(),
});
export type CrisisManagementBriefing = z.infer<typeof CrisisManagementBriefing>;

/**
 * One expected reporter of one extraordinary incident. `dueAt` is the latest report's
 * `nextReportDue`, or (before any report) the first-report deadline after the incident.
 */
export const ReportingStatusEntry = z.object({
  incidentId: z.uuid(),
  incidentTitle: z.string(),
  organisationId: OrganisationId,
  latestVersion: z.number().int().positive().nullable(),
  lastSubmittedAt: IsoDateTime.nullable(),
  dueAt: IsoDateTime.nullable(),
  overdue: z.boolean(),
});
export type ReportingStatusEntry = z.infer<typeof ReportingStatusEntry>;

/** GET /situation-reports/status?county=: who has and has not reported on time. */
export const ReportingStatus = z.object({
  countyCode: CountyCode,
  asOf: IsoDateTime,
  entries: z.array(ReportingStatusEntry),
  overdue: z.array(ReportingStatusEntry),
});
export type ReportingStatus = z.infer<typeof ReportingStatus>;

const CompiledSection = z.array(
  z.object({ organisationId: OrganisationId, version: z.number(), text: z.string() }),
);

/** GET /situation-reports/summary?county=: the county picture compiled from the latest versions. */
export const CountySituationSummary = z.object({
  countyCode: CountyCode,
  compiledAt: IsoDateTime,
  incidents: z.array(
    z.object({
      incidentId: z.uuid(),
      title: z.string(),
      kind: IncidentKind,
      occurredAt: IsoDateTime,
      affectedMunicipalities: z.array(z.string()),
      reported: z.array(OrganisationId),
      notReported: z.array(OrganisationId),
      overdue: z.array(OrganisationId),
      /** Each section, with every reporter's latest text under it. */
      sections: z.object({
        situation: CompiledSection,
        consequences: CompiledSection,
        actionsTaken: CompiledSection,
        supportCentres: CompiledSection,
        resourcesAndNeeds: CompiledSection,
      }),
      latest: z.array(SituationReport),
    }),
  ),
});
export type CountySituationSummary = z.infer<typeof CountySituationSummary>;

/** A new version of a situation report was submitted (no text: that stays in the reporting service). */
export const SituationReportSubmitted = defineEvent({
  type: "reporting.situation-report-submitted",
  schemaVersion: 1,
  producer: "reporting",
  data: z.object({
    reportId: z.uuid(),
    incidentId: z.uuid(),
    version: z.number().int().positive(),
    submittedAt: IsoDateTime,
    nextReportDue: IsoDateTime.nullable(),
  }),
});

// ---- logbooks ----

/** The ledningsgrupp's shared log, or one person's own log while on duty. */
export const LogbookKind = z.enum(["ledningsgrupp", "personal"]);
export type LogbookKind = z.infer<typeof LogbookKind>;

/**
 * Body of POST /incidents/:incidentId/logbook-entries. Entries are appended, never edited.
 * There is no author field: the author is always the signed-in person (Enköping: "De stödpersoner
 * som arbetar aktivt under händelsen ska föra egen loggbok"), so a name sent here is ignored.
 */
export const AppendLogbookEntryBody = z
  .object({
    organisationId: OrganisationId,
    countyCode: CountyCode,
    logbook: LogbookKind,
    /** Whose personal logbook: only the signed-in person's own; defaults to them. */
    personId: PersonId.optional(),
    /** When what is logged happened; defaults to the time of recording. */
    occurredAt: IsoDateTime.optional(),
    text: Text(10_000).min(1),
    /** A correction names the entry it corrects; the old entry stays as written. */
    correctsEntryId: z.uuid().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.logbook === "ledningsgrupp" && body.personId) {
      ctx.addIssue({ code: "custom", path: ["personId"], message: "only for a personal logbook" });
    }
  });
export type AppendLogbookEntryBody = z.input<typeof AppendLogbookEntryBody>;

export const LogbookEntry = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  organisationId: OrganisationId,
  countyCode: CountyCode,
  logbook: LogbookKind,
  personId: z.string().nullable(),
  authorId: z.string(),
  authorName: z.string(),
  occurredAt: IsoDateTime,
  recordedAt: IsoDateTime,
  text: z.string(),
  correctsEntryId: z.uuid().nullable(),
  /** Later entries that correct this one (newest last). */
  correctedBy: z.array(z.uuid()),
});
export type LogbookEntry = z.infer<typeof LogbookEntry>;

// ---- after an activation ----

export const ActivationKind = z.enum(["posom", "pkl"]);
export type ActivationKind = z.infer<typeof ActivationKind>;

/**
 * Body of PUT /activations/:activationId: the activation as the after-action records know it.
 * Filled from the activation service's events; this route records one the events do not cover.
 */
export const RecordActivationBody = z.object({
  organisationId: OrganisationId,
  countyCode: CountyCode,
  incidentId: z.uuid().optional(),
  kind: ActivationKind,
  activatedAt: IsoDateTime,
  endedAt: IsoDateTime.optional(),
});
export type RecordActivationBody = z.input<typeof RecordActivationBody>;

export const ParticipantRole = z.enum(["ledningsgrupp", "support-person", "pkl"]);

/** Body of PUT /activations/:activationId/participants/:personId: one person's part in it. */
export const RecordParticipantBody = z.object({
  organisationId: OrganisationId,
  personName: Text(200).min(1).optional(),
  role: ParticipantRole,
  hours: z.number().min(0).max(1_000),
  /** The part of `hours` outside ordinary working time. */
  hoursOutsideWorkingTime: z.number().min(0).max(1_000),
});
export type RecordParticipantBody = z.input<typeof RecordParticipantBody>;

export const DebriefStatus = z.enum(["not-offered", "offered", "accepted", "declined", "held"]);
export type DebriefStatus = z.infer<typeof DebriefStatus>;

/** Body of PUT /activations/:activationId/debriefs/:personId: the person's answer, or that it was held. */
export const DebriefUpdateBody = z.object({
  organisationId: OrganisationId,
  status: z.enum(["accepted", "declined", "held"]),
  at: IsoDateTime.optional(),
});
export type DebriefUpdateBody = z.input<typeof DebriefUpdateBody>;

export const Participant = z.object({
  activationId: z.uuid(),
  personId: z.string(),
  personName: z.string().nullable(),
  organisationId: OrganisationId,
  role: ParticipantRole.nullable(),
  hours: z.number(),
  hoursOutsideWorkingTime: z.number(),
  debrief: z.object({
    status: DebriefStatus,
    offeredAt: IsoDateTime.nullable(),
    answeredAt: IsoDateTime.nullable(),
    heldAt: IsoDateTime.nullable(),
    /**
     * When the person was referred to occupational health (Laholm 3.7: "Ledningsgruppen ansvarar
     * för att detta organiseras, tillsammans med Företagshälsovården").
     */
    occupationalHealthReferredAt: IsoDateTime.nullable().optional(),
  }),
});
export type Participant = z.infer<typeof Participant>;

/** Body of PUT /activations/:activationId/debriefs/:personId/occupational-health. */
export const OccupationalHealthReferralBody = z.object({
  organisationId: OrganisationId,
  at: IsoDateTime.optional(),
});
export type OccupationalHealthReferralBody = z.input<typeof OccupationalHealthReferralBody>;

export const CostCategory = z.enum(["premises", "food", "transport", "other"]);
export type CostCategory = z.infer<typeof CostCategory>;

/** Body of POST /activations/:activationId/costs (amounts in SEK, öre precision). */
export const RecordCostBody = z.object({
  organisationId: OrganisationId,
  category: CostCategory,
  amountSek: z.number().min(0).max(100_000_000),
  note: Text(500).default(""),
});
export type RecordCostBody = z.input<typeof RecordCostBody>;

/** `POST /activations/:activationId/costs` answers with the cost as recorded. */
export const RecordedCost = z.object({
  id: z.uuid(),
  organisationId: OrganisationId,
  category: CostCategory,
  amountSek: z.number(),
  note: z.string(),
});
export type RecordedCost = z.infer<typeof RecordedCost>;

export const CostTotals = z.object({
  premises: z.number(),
  food: z.number(),
  transport: z.number(),
  other: z.number(),
  total: z.number(),
});
export type CostTotals = z.infer<typeof CostTotals>;

/** GET /activations/:activationId/summary. */
export const ActivationSummary = z.object({
  activationId: z.uuid(),
  organisationId: OrganisationId,
  countyCode: CountyCode,
  incidentId: z.uuid().nullable(),
  kind: ActivationKind,
  activatedAt: IsoDateTime,
  endedAt: IsoDateTime.nullable(),
  participants: z.number().int(),
  /** Hours of the participants plus those of the organisation's checked-out centre shifts. */
  hours: z.number(),
  hoursOutsideWorkingTime: z.number(),
  /**
   * Of those, what the support centres' shifts brought in (computed at check-out from ordinary
   * working time, Laholm 3.5), so they are not typed again.
   */
  centreShifts: z
    .object({ shifts: z.number().int(), hours: z.number(), hoursOutsideWorkingTime: z.number() })
    .optional(),
  costsSek: CostTotals,
  debriefs: z.record(DebriefStatus, z.number().int()),
  evaluationIds: z.array(z.uuid()),
  /** An exercise (övning). */
  exercise: z.boolean().optional(),
});
export type ActivationSummary = z.infer<typeof ActivationSummary>;

/**
 * GET /activations?organisationId=: the organisation's activations in the after-action records,
 * closed ones included (the picture drops those), newest first, with the incident's title. Root
 * activations only: the people of a support-person activation count under its ledningsgrupp's.
 */
export const AfterActionActivation = z.object({
  activationId: z.uuid(),
  organisationId: OrganisationId,
  countyCode: CountyCode,
  incidentId: z.uuid().nullable(),
  incidentTitle: z.string().nullable(),
  kind: ActivationKind,
  group: z.string().nullable(),
  activatedAt: IsoDateTime,
  endedAt: IsoDateTime.nullable(),
  exercise: z.boolean(),
  /**
   * Set on the record of help the organisation gave another county's deployment under this aid
   * request (its people were offered the debrief when that county's work ended), not an
   * activation of its own; `incidentId` is then the asker's incident.
   */
  aidRequestId: z.uuid().nullable(),
});
export type AfterActionActivation = z.infer<typeof AfterActionActivation>;

/** Body of POST /evaluations: one evaluation of one or more activations (joint for POSOM + PKL). */
export const CreateEvaluationBody = z.object({
  organisationId: OrganisationId,
  activationIds: z.array(z.uuid()).min(1).max(20),
  ownerName: Text(200).min(1),
  dueAt: IsoDateTime,
  whatHappened: Text(20_000).default(""),
  whatWorked: Text(20_000).default(""),
  whatToChange: Text(20_000).default(""),
  lessons: z.array(Text(2_000).min(1)).max(50).default([]),
});
export type CreateEvaluationBody = z.input<typeof CreateEvaluationBody>;

/** Body of PATCH /evaluations/:id. */
export const UpdateEvaluationBody = z.object({
  organisationId: OrganisationId,
  ownerName: Text(200).min(1).optional(),
  dueAt: IsoDateTime.optional(),
  whatHappened: Text(20_000).optional(),
  whatWorked: Text(20_000).optional(),
  whatToChange: Text(20_000).optional(),
  lessons: z.array(Text(2_000).min(1)).max(50).optional(),
  status: z.enum(["open", "done"]).optional(),
});
export type UpdateEvaluationBody = z.input<typeof UpdateEvaluationBody>;

export const Evaluation = z.object({
  id: z.uuid(),
  countyCode: CountyCode,
  activationIds: z.array(z.uuid()),
  organisationIds: z.array(OrganisationId),
  /** POSOM and PKL both worked: the evaluation is theirs together. */
  joint: z.boolean(),
  ownerName: z.string(),
  dueAt: IsoDateTime,
  overdue: z.boolean(),
  status: z.enum(["open", "done"]),
  whatHappened: z.string(),
  whatWorked: z.string(),
  whatToChange: z.string(),
  lessons: z.array(z.string()),
  createdAt: IsoDateTime,
  completedAt: IsoDateTime.nullable(),
  /** The roster person id of the owner, when created from `activation.closed` (null if by hand). */
  ownerPersonId: z.string().nullable().optional(),
  /** An evaluation of an exercise (övning): kept apart from real activations in every count. */
  exercise: z.boolean().optional(),
});
export type Evaluation = z.infer<typeof Evaluation>;

/**
 * GET /activations/:activationId/evaluation-outcome: what the evaluation of an activation concluded,
 * for everyone of the organisation who took part — support persons included (Laholm 3.7
 * "Sammankallande ansvarar för alla insatser följs upp och återkopplas till ledningsgruppen och
 * stödpersoner"). Until the evaluation is done, only its status: no drafts go out.
 */
export const EvaluationOutcome = z.object({
  activationId: z.uuid(),
  status: z.enum(["none", "open", "done"]),
  joint: z.boolean(),
  completedAt: IsoDateTime.nullable(),
  whatHappened: z.string(),
  whatWorked: z.string(),
  whatToChange: z.string(),
  lessons: z.array(z.string()),
});
export type EvaluationOutcome = z.infer<typeof EvaluationOutcome>;

/** GET /lessons?county=: lessons learned, for the county network's meetings. */
export const Lesson = z.object({
  evaluationId: z.uuid(),
  organisationIds: z.array(OrganisationId),
  joint: z.boolean(),
  lesson: z.string(),
  recordedAt: IsoDateTime,
});
export type Lesson = z.infer<typeof Lesson>;

/** GET /support-persons/load?organisationId=: each person's last twelve months, heaviest first. */
export const PersonLoad = z.object({
  personId: z.string(),
  personName: z.string().nullable(),
  organisationId: OrganisationId,
  deployments: z.number().int(),
  hours: z.number(),
  hoursOutsideWorkingTime: z.number(),
  debriefsDeclined: z.number().int(),
  lastDeployedAt: IsoDateTime.nullable(),
  /** Exercises (övningar) taken part in; `deployments` and hours are of real activations only. */
  exercises: z.number().int().optional(),
});
export type PersonLoad = z.infer<typeof PersonLoad>;

/** A count as shown to the viewer: exact for the owning organisation, else suppressed below 5. */
export const ShownCount = z.union([z.number().int().nonnegative(), z.literal("<5")]);
export type ShownCount = z.infer<typeof ShownCount>;

/** GET /statistics?year=&county=: the yearly figures per organisation (for charts). */
export const YearlyStatistics = z.object({
  year: z.number().int(),
  countyCode: CountyCode,
  organisations: z.array(
    z.object({
      organisationId: OrganisationId,
      activations: z.object({ posom: z.number().int(), pkl: z.number().int(), total: z.number().int() }),
      activationsByMonth: z.array(z.number().int()).length(12),
      peopleDeployed: z.number().int(),
      hours: z.number(),
      hoursOutsideWorkingTime: z.number(),
      costsSek: CostTotals,
      /** Visitors of the organisation's support centres (counts only). */
      visitors: ShownCount,
      evaluationsDone: z.number().int(),
      debriefsHeld: z.number().int(),
      /**
       * Exercises (övningar) in the year, counted apart: every other figure here is of real
       * activations only. Absent from older servers.
       */
      exercises: z
        .object({
          activations: z.object({ posom: z.number().int(), pkl: z.number().int(), total: z.number().int() }),
          peopleDeployed: z.number().int(),
        })
        .optional(),
    }),
  ),
});
export type YearlyStatistics = z.infer<typeof YearlyStatistics>;

// ---- faith communities (trossamfund) kept by Länsstyrelsen ----

/**
 * A faith community Länsstyrelsen keeps contact details for (Halland guideline, "Samverkan med
 * trossamfund"), so POSOM and PKL know whom to call when affected people wish for such support.
 * Contact persons are partners, not affected people. Phones are sent as written and stored E.164.
 */
const FaithCommunityFields = {
  name: Text(200).min(2),
  /** E.g. "Svenska kyrkan", "Katolska kyrkan", "Islam", "Serbisk-ortodoxa kyrkan". */
  denomination: Text(200).min(2),
  /** Municipalities it serves (four-digit codes), e.g. ["1380"]. */
  municipalities: z.array(MunicipalityCode).max(50),
  contactPerson: Text(200).min(2),
  contactRole: Text(200),
  phone: Text(40).min(3),
  alternativePhone: Text(40).nullable(),
  email: z.email().max(200).nullable(),
  /** ISO 639-1/2 codes of the languages support can be given in, e.g. ["sv", "ar"]. */
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/, "must be an ISO 639 language code")).max(20),
  notes: Text(2_000),
};

export const FaithCommunityBody = z.object({
  ...FaithCommunityFields,
  municipalities: FaithCommunityFields.municipalities.default([]),
  contactRole: FaithCommunityFields.contactRole.default(""),
  alternativePhone: FaithCommunityFields.alternativePhone.default(null),
  email: FaithCommunityFields.email.default(null),
  languages: FaithCommunityFields.languages.default([]),
  notes: FaithCommunityFields.notes.default(""),
});
export type FaithCommunityBody = z.input<typeof FaithCommunityBody>;

/** Body of PATCH /faith-communities/:id: the fields to change (no defaults: absent stays as is). */
export const UpdateFaithCommunityBody = z.object(FaithCommunityFields).partial();
export type UpdateFaithCommunityBody = z.input<typeof UpdateFaithCommunityBody>;

export const FaithCommunity = z.object({
  id: z.uuid(),
  countyCode: CountyCode,
  name: z.string(),
  denomination: z.string(),
  municipalities: z.array(MunicipalityCode),
  contactPerson: z.string(),
  contactRole: z.string(),
  /** E.164, e.g. "+46701740605". */
  phone: z.string(),
  alternativePhone: z.string().nullable(),
  email: z.string().nullable(),
  languages: z.array(z.string()),
  notes: z.string(),
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
});
export type FaithCommunity = z.infer<typeof FaithCommunity>;
