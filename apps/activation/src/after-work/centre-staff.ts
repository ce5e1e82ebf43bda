import { type EventHandler, type Outbox, parseEventOrPoison } from "@krisstod/bus";
import { StaffCheckedIn } from "@krisstod/contracts";
import { centreStaff } from "../db/schema.ts";
import { offerDebriefs } from "./debrief-offers.ts";

/** The durable consumer that learns who worked the support centres' shifts. */
export const CENTRE_STAFF_CONSUMER = "activation-centre-staff";

/**
 * Laholm 3.7: "Efter att en POSOM-insats avslutats ska alla som deltagit i arbetet erbjudas
 * stödsamtal." — the staff of a centre's shifts took part too. support-centres knows them; it
 * tells with `centre.staff-checked-in`, which is kept here (one row per shift, so a redelivery
 * changes nothing) and, when the centre organisation's work has already ended, offered at once.
 * Offers are one per person and incident however many shifts or redeliveries.
 */
export function recordCentreStaff(outbox: Outbox): EventHandler {
  return async (tx, event) => {
    const data = parseEventOrPoison(StaffCheckedIn, event).data;
    await tx
      .insert(centreStaff)
      .values({
        shiftId: data.shiftId,
        incidentId: data.incidentId,
        organisationId: event.organisationId,
        personId: data.personId,
        homeOrganisationId: data.homeOrganisationId,
        checkedInAt: new Date(data.checkedInAt),
      })
      .onConflictDoNothing();
    await offerDebriefs(tx, outbox, event.organisationId, data.incidentId);
  };
}
