import { z } from "zod";
import { IsoDateTime, OrganisationId } from "./ids.ts";
import {
  CompetenceItemId,
  CompetenceLevel,
  CompetenceProfileId,
  IsoDate,
  Person,
  Readiness,
  RosterGroup,
  TrainingCoverage,
  TrainingKind,
  UnavailabilityReason,
} from "./roster.ts";

/**
 * What the roster answers (the bodies it sends, where roster.ts holds what it is sent): each route
 * declares one of these as its response, so the OpenAPI document and the typed client say it, and
 * the store functions are typed by them.
 */

/** `GET|PUT /organisations/:id/call-lists/:group`: one group's call list in calling order. */
export const CallList = z.object({
  organisationId: OrganisationId,
  group: RosterGroup,
  reviewedAt: IsoDateTime.nullable(),
  entries: z.array(z.object({ position: z.number().int(), person: Person })),
});
export type CallList = z.infer<typeof CallList>;

/** A refused row of a call-list file: its line, the column (or `fil`, the file as a whole) and why. */
export const ImportRowError = z.object({ line: z.number().int(), column: z.string(), reason: z.string() });
export type ImportRowError = z.infer<typeof ImportRowError>;

/** `POST /organisations/:id/call-lists/import`: what the file did (or, on a dry run, would do). */
export const ImportReport = z.object({
  dryRun: z.boolean(),
  valid: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  removedFromLists: z.number().int(),
  errors: z.array(ImportRowError),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** A period a person cannot be called (holiday, sick). */
export const UnavailabilityPeriod = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  from: IsoDateTime,
  to: IsoDateTime,
  reason: UnavailabilityReason,
});
export type UnavailabilityPeriod = z.infer<typeof UnavailabilityPeriod>;

/** A training or exercise as recorded. */
export const Training = z.object({
  id: z.uuid(),
  organisationId: OrganisationId,
  title: z.string(),
  kind: TrainingKind,
  date: IsoDate,
  organiser: z.string(),
  covers: z.array(TrainingCoverage),
});
export type Training = z.infer<typeof Training>;

/** `POST /trainings`, `POST /trainings/:id/attendees`: the training with everyone who attended. */
export const TrainingWithAttendees = Training.extend({ attendeeIds: z.array(z.uuid()) });
export type TrainingWithAttendees = z.infer<typeof TrainingWithAttendees>;

/** `GET /organisations/:id/trainings`: with how many attended, and how many of them were its own. */
export const TrainingListed = Training.extend({
  attendees: z.number().int(),
  ownAttendees: z.number().int(),
});
export type TrainingListed = z.infer<typeof TrainingListed>;

/** One item of a competence profile (Halland guideline, "Kompetensprofiler"). */
export const ProfileItem = z.object({
  id: CompetenceItemId,
  profile: CompetenceProfileId,
  text: z.string(),
  /** The level the item's verb asks for ("Ha kännedom om" → kännedom, "Kunna leda" → syntes). */
  required: CompetenceLevel,
});
export type ProfileItem = z.infer<typeof ProfileItem>;

/** `GET /competence-profiles`: the levels (lowest first) with their Swedish names, and the items. */
export const CompetenceProfiles = z.object({
  levels: z.array(z.object({ id: CompetenceLevel, name: z.string() })),
  items: z.array(ProfileItem),
});
export type CompetenceProfiles = z.infer<typeof CompetenceProfiles>;

/** A person's standing on one profile item: the highest level any training they attended gave. */
export const CompetenceItemStanding = z.object({
  item: CompetenceItemId,
  text: z.string(),
  required: CompetenceLevel,
  reached: CompetenceLevel.nullable(),
  met: z.boolean(),
  lastTrainedOn: IsoDate.nullable(),
});
export type CompetenceItemStanding = z.infer<typeof CompetenceItemStanding>;

/** `GET /people/:id/competence`. */
export const PersonCompetence = z.object({
  personId: z.uuid(),
  profile: CompetenceProfileId.nullable(),
  items: z.array(CompetenceItemStanding),
  trainingsAttended: z.number().int(),
  lastTrainedOn: IsoDate.nullable(),
});
export type PersonCompetence = z.infer<typeof PersonCompetence>;

/** `GET /organisations/:id/competence-plan?year=`: who needs which training (Laholm 3.2). */
export const CompetencePlan = z.object({
  organisationId: OrganisationId,
  year: z.number().int(),
  members: z.number().int(),
  neverTrained: z.number().int(),
  /** Trained before, but not within two years by the end of the year. */
  dueForRefresher: z.number().int(),
  needs: z.array(
    z.object({
      item: CompetenceItemId,
      profile: CompetenceProfileId,
      text: z.string(),
      required: CompetenceLevel,
      peopleBelow: z.number().int(),
    }),
  ),
  plannedTrainings: z.array(TrainingListed),
  /** The county's rhythm: a full-day training one year, a half-day the next. */
  countyTraining: z.enum(["full-day", "half-day"]),
});
export type CompetencePlan = z.infer<typeof CompetencePlan>;

/** `GET /readiness?county=`: every municipality of the county, with its name. */
export const CountyReadiness = z.array(Readiness.extend({ name: z.string() }));
export type CountyReadiness = z.infer<typeof CountyReadiness>;
