import { z } from "zod";
import { CountyCode, IsoDateTime, OrganisationId } from "./ids.ts";
import { SuppressedCount } from "./support-centres.ts";

/**
 * The national picture (#23): what the national hub shows of every county, built from the national
 * event stream that sources each county's stream over its leaf link. Counts only, by county and by
 * organisation (municipality or region), never a person; visitor figures are the support centres'
 * own published bands added up, so they say nothing the county picture did not already say
 * (docs/suppression.md), and they are banded again.
 */
export const NationalCounts = z.object({
  /** Incidents open now. */
  incidentsOpen: z.number().int().nonnegative(),
  /** Activations not closed. */
  activationsUnderWay: z.number().int().nonnegative(),
  /** Support persons (and ledningsgrupp members) who accepted a call-out of an activation under way. */
  peopleAccepted: z.number().int().nonnegative(),
  /** Support centres open now. */
  centresOpen: z.number().int().nonnegative(),
  /** Visitors present in open centres: the centres' published bands added up, "<5" below 5. */
  visitorsPresent: SuppressedCount,
});
export type NationalCounts = z.infer<typeof NationalCounts>;

export const NationalCounty = z.object({
  countyCode: CountyCode,
  totals: NationalCounts,
  organisations: z.array(NationalCounts.extend({ organisationId: OrganisationId })),
  /** When the newest event from the county happened (null: none yet). */
  lastEventAt: IsoDateTime.nullable(),
  /**
   * How long ago the hub last heard from the county's stream over the leaf link, in seconds (null:
   * unknown, e.g. the county is not among the hub's sources). Large while the link is cut: the
   * county's figures are then as old as that.
   */
  linkSilentSeconds: z.number().nonnegative().nullable(),
});
export type NationalCounty = z.infer<typeof NationalCounty>;

/** GET /national-picture (reporting at the national hub, REPORTING_MODE=national). */
export const NationalPicture = z.object({
  generatedAt: IsoDateTime,
  totals: NationalCounts,
  counties: z.array(NationalCounty),
});
export type NationalPicture = z.infer<typeof NationalPicture>;
