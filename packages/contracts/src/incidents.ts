import { z } from "zod";
import { defineEvent } from "./envelope.ts";
import { CountyCode, IsoDateTime, MunicipalityCode, OrganisationId } from "./ids.ts";

export const IncidentKind = z.enum([
  "accident",
  "fire",
  "violence",
  "suicide",
  "natural-disaster",
  "infrastructure",
  "abroad",
  "other",
]);
export type IncidentKind = z.infer<typeof IncidentKind>;

export const IncidentStatus = z.enum(["open", "closed"]);

export const Location = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  address: z.string().max(300).optional(),
});
export type Location = z.infer<typeof Location>;

/**
 * Body of POST /incidents. The incident belongs to the signed-in user's organisation and county
 * (from the access token); `organisationId` and `countyCode` may still be sent but must match them.
 */
export const CreateIncidentBody = z.object({
  organisationId: OrganisationId.optional(),
  countyCode: CountyCode.optional(),
  kind: IncidentKind,
  title: z.string().trim().min(3).max(200),
  description: z.string().max(5000).default(""),
  location: Location,
  occurredAt: IsoDateTime,
  affectedMunicipalities: z.array(MunicipalityCode).min(1).max(50),
  extraordinary: z.boolean().default(false),
  crisisManagementActivated: z.boolean().default(false),
  policeOperation: z.boolean().default(false),
  /**
   * An exercise (övning): everything works the same, every message and screen says ÖVNING, and
   * reporting keeps it apart from real incidents in every count.
   */
  exercise: z.boolean().default(false),
});
export type CreateIncidentBody = z.input<typeof CreateIncidentBody>;

/**
 * Body of PATCH /incidents/:id: what is learnt after the incident was opened (it becomes an
 * extraordinary event, the place is corrected, more municipalities are affected). Only the fields
 * sent change; whether it is an exercise is fixed when it is opened.
 */
export const UpdateIncidentBody = z
  .object({
    kind: IncidentKind,
    title: z.string().trim().min(3).max(200),
    description: z.string().max(5000),
    location: Location,
    occurredAt: IsoDateTime,
    affectedMunicipalities: z.array(MunicipalityCode).min(1).max(50),
    extraordinary: z.boolean(),
    crisisManagementActivated: z.boolean(),
    policeOperation: z.boolean(),
  })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "name at least one field to change" });
export type UpdateIncidentBody = z.input<typeof UpdateIncidentBody>;

export const Incident = z.object({
  id: z.uuid(),
  organisationId: OrganisationId,
  countyCode: CountyCode,
  kind: IncidentKind,
  title: z.string(),
  description: z.string(),
  location: Location,
  occurredAt: IsoDateTime,
  affectedMunicipalities: z.array(MunicipalityCode),
  extraordinary: z.boolean(),
  /**
   * Since when the incident is extraordinary (its occurrence when opened as one, the change when it
   * became one later; null when it is not): situation reports are due from then. Halland: "vid
   * extraordinära händelser ska kommunerna lämna lägesrapporter … till Länsstyrelsen". Absent on
   * events from before it existed (= from the occurrence).
   */
  extraordinarySince: IsoDateTime.nullable().optional(),
  crisisManagementActivated: z.boolean(),
  /**
   * Police are operating at the incident (polisiär insats): a police commander's authorised function
   * may then activate (Laholm 3.1 "i samband med polisiär insats"). Absent on events from before it
   * existed (= false).
   */
  policeOperation: z.boolean().optional(),
  /** An exercise (övning); absent on incidents and events from before exercises existed (= false). */
  exercise: z.boolean().optional(),
  status: IncidentStatus,
  createdAt: IsoDateTime,
});
export type Incident = z.infer<typeof Incident>;

/** An incident's fields as a service keeps them in its own table: flat columns, `Date`s. */
export interface IncidentColumns {
  id: string;
  organisationId: string;
  countyCode: string;
  kind: string;
  title: string;
  lat: number;
  lon: number;
  address: string | null;
  occurredAt: Date;
  affectedMunicipalities: string[];
  extraordinary: boolean;
  extraordinarySince: Date | null;
  crisisManagementActivated: boolean;
  exercise: boolean;
  status: string;
}

/**
 * The contract's fields of an incident from a service's row (activation keeps the incidents,
 * reporting the picture's copy of them): one reading of the columns for both.
 */
export function incidentFromColumns(row: IncidentColumns) {
  return {
    id: row.id,
    organisationId: row.organisationId,
    countyCode: row.countyCode,
    kind: row.kind as IncidentKind,
    title: row.title,
    location: { lat: row.lat, lon: row.lon, ...(row.address ? { address: row.address } : {}) },
    occurredAt: row.occurredAt.toISOString(),
    affectedMunicipalities: row.affectedMunicipalities,
    extraordinary: row.extraordinary,
    extraordinarySince: row.extraordinarySince?.toISOString() ?? null,
    crisisManagementActivated: row.crisisManagementActivated,
    // Shown wherever the incident is, so an exercise is never mistaken for a real one.
    exercise: row.exercise,
    status: row.status as Incident["status"],
  } satisfies Omit<Incident, "description" | "createdAt">;
}

export const IncidentOpened = defineEvent({
  type: "incident.opened",
  schemaVersion: 1,
  producer: "activation",
  data: Incident,
});

/** The incident has changed while open (e.g. it became extraordinary): its whole new state. */
export const IncidentUpdated = defineEvent({
  type: "incident.updated",
  schemaVersion: 1,
  producer: "activation",
  data: Incident,
});

/**
 * The incident has been closed: `status` is "closed" and every open activation of it ends with it.
 * Consumers that only project `incident.opened` are unaffected.
 */
export const IncidentClosed = defineEvent({
  type: "incident.closed",
  schemaVersion: 1,
  producer: "activation",
  data: Incident,
});
