import { createEvent, type Outbox } from "@krisstod/bus";
import {
  ActivationMeetingPlaceChanged,
  type MeetingPlaceChange,
  type Principal,
  type RosterGroup,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError, NotFoundError } from "@krisstod/http";
import { and, asc, eq } from "drizzle-orm";
import { auditAccess, callOutRecords } from "../audit.ts";
import { activations, callOuts } from "../db/schema.ts";
import type { ActivationParts } from "../parts.ts";
import { stepDeps } from "./activations.store.ts";
import { eventFields, incidentOf, lockActivation, writeMessages } from "./callout.ts";

/**
 * The lead moves the gathering (POST /activations/:id/meeting-place), under the activation's lock:
 * the new place is stored, everyone who has accepted is sent it (SMS and e-mail, each with a link
 * to their answer page, which shows where to go), and the event goes to the outbox — one commit.
 * Whoever accepts later sees the new place on their answer page. The same place again changes
 * nothing and sends nothing, so a repeated request never texts anybody twice. Refused (409) once
 * the activation is closed.
 */
export async function changeMeetingPlace(
  db: Database,
  outbox: Outbox,
  parts: ActivationParts,
  principal: Principal,
  activationId: string,
  meetingPlace: string,
): Promise<MeetingPlaceChange> {
  const result = await db.transaction(async (tx) => {
    const activation = await lockActivation(tx, activationId);
    if (!activation) throw new NotFoundError("No such activation.");
    if (activation.status === "closed")
      throw new ConflictError("The activation has been closed.", "activation-closed");
    if (activation.meetingPlace === meetingPlace) return { activationId, meetingPlace, told: 0 };

    await tx.update(activations).set({ meetingPlace }).where(eq(activations.id, activationId));
    const accepted = await tx
      .select()
      .from(callOuts)
      .where(and(eq(callOuts.activationId, activationId), eq(callOuts.status, "accepted")))
      .orderBy(asc(callOuts.position));
    await writeMessages(
      tx,
      stepDeps(outbox, parts),
      activation,
      await incidentOf(tx, activation),
      accepted,
      new Date(),
      ({ drill, what, title, link }) => ({
        subject: `${drill}Ny samlingsplats: ${what} – ${title}`,
        body: `${drill}Krisstöd: ny samlingsplats för ${what} – ${title}: ${meetingPlace}. Mer: ${link}`,
      }),
    );
    // Who could be sent it: a phone number or an e-mail address on the call-out.
    const told = accepted.filter((person) => person.phone || person.email).length;
    // Their phone numbers and e-mail addresses were used: audited like a call-out.
    await auditAccess(
      tx,
      principal,
      "write",
      callOutRecords(activation, accepted),
      `meeting place of activation ${activationId}`,
    );
    await outbox.enqueue(
      tx,
      createEvent(ActivationMeetingPlaceChanged, {
        ...eventFields(activation),
        data: {
          activationId,
          incidentId: activation.incidentId,
          group: activation.group as RosterGroup,
          told,
        },
      }),
    );
    return { activationId, meetingPlace, told };
  });
  if (result.told > 0) parts.wake.sender();
  return result;
}
