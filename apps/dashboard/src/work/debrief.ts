import type { DebriefStatus } from "@krisstod/contracts";
import { stockholmLocalToIso, stockholmToday } from "./workTime.ts";

/** What a lead records of a debrief (stödsamtal): the person's answer, or that it was held. */
export type DebriefOutcome = "accepted" | "declined" | "held";

/**
 * The outcomes reporting accepts next (its `PUT /activations/:id/debriefs/:personId`):
 * offered → accepted | declined; declined → accepted (a change of mind); accepted → held.
 */
export function nextDebriefOutcomes(status: DebriefStatus): DebriefOutcome[] {
  switch (status) {
    case "offered":
      return ["accepted", "declined"];
    case "declined":
      return ["accepted"];
    case "accepted":
      return ["held"];
    default:
      return [];
  }
}

/**
 * The day a debrief was held ("2026-11-28", Stockholm) as an instant: noon that day, or now when
 * it is today and noon has not come yet. Undefined for anything not a date, and for a day after today.
 */
export function heldAtIso(date: string, now: Date = new Date()): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date > stockholmToday(now)) return undefined;
  const noon = stockholmLocalToIso(`${date}T12:00`);
  if (!noon) return undefined;
  return Date.parse(noon) > now.getTime() ? now.toISOString() : noon;
}
