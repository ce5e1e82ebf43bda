import { type EventHandler, type Outbox, parseEventOrPoison } from "@krisstod/bus";
import { StaffCheckedIn } from "@krisstod/contracts";
import { and, asc, eq, isNull } from "drizzle-orm";
import { activations, centreStaff } from "../db/schema.ts";
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
    // The organisation's ledningsgrupp activations, share-locked before the shift is kept: a close
    // running now (it holds its activation for update) either commits first, and the check below
    // sees the work ended, or waits for this commit and finds the shift. Without the lock each
    // could miss the other's uncommitted change, and the staff would never be offered a debrief.
    await tx
      .select({ id: activations.id })
      .from(activations)
      .where(
        and(
          eq(activations.organisationId, event.organisationId),
          eq(activations.incidentId, data.incidentId),
          isNull(activations.parentActivationId),
        ),
      )
      .orderBy(asc(activations.id))
      .for("share");
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
