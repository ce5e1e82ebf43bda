import { type EventHandler, parseEventOrPoison } from "@krisstod/bus";
import { ShiftCompleted } from "@krisstod/contracts";
import { centreShiftHours } from "../db/schema.ts";

/** The durable consumer that brings centre shifts' hours into the after-work. */
export const SHIFT_HOURS_CONSUMER = "reporting-shift-hours";

/**
 * Laholm 3.5: "Vid akuta insatser då POSOM aktivera utan för ordinarie arbetstid står
 * kommunstyrelsen för lönekostnader och ersättning." The support-centres service already splits a
 * checked-out shift into ordinary and other time; the minutes are kept here per shift (a redelivery
 * counts once) and added to the summary of the organisation's activation for the incident, so
 * nobody types them again.
 */
export const recordShiftHours: EventHandler = async (tx, event) => {
  const { data } = parseEventOrPoison(ShiftCompleted, event);
  await tx
    .insert(centreShiftHours)
    .values({
      shiftId: data.shiftId,
      organisationId: event.organisationId,
      countyCode: event.countyCode,
      incidentId: data.incidentId,
      centreId: data.centreId,
      minutesWorked: data.minutesWorked,
      minutesOutsideOrdinaryHours: data.minutesOutsideOrdinaryHours,
    })
    .onConflictDoNothing();
};
