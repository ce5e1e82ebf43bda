import { type EventHandler, poisonIfInvalid } from "@krisstod/bus";
import {
  ActivationCallOutChanged,
  ActivationClosed,
  ActivationDecided,
  ActivationStatusChanged,
  DebriefOffered,
  type EventEnvelope,
  parseEvent,
} from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import { and, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { activations, participants } from "../db/schema.ts";
import { recordParticipant } from "./activations.store.ts";
import { roleOf, startAfterWork } from "./after-work.ts";

/** The durable consumer that fills the after-action records from the activation service's events. */
export const AFTER_ACTION_CONSUMER = "reporting-after-action";

/**
 * Every decided activation becomes an after-action record (so its evaluation, debriefs and costs
 * have somewhere to go), and everyone who accepted a call-out becomes a participant of the root
 * activation — the ledningsgrupp's, under which the support persons were activated.
 */
export const recordActivationEvent: EventHandler = async (tx, event) => {
  try {
    await handle(tx, event);
  } catch (error) {
    throw poisonIfInvalid(error, event);
  }
};

async function handle(tx: Transaction, event: EventEnvelope): Promise<void> {
  switch (event.type) {
    case ActivationDecided.type: {
      const { data } = parseEvent(ActivationDecided, event);
      const values = {
        id: data.activationId,
        organisationId: event.organisationId,
        countyCode: event.countyCode,
        incidentId: data.incidentId,
        kind: data.group === "pkl" ? "pkl" : "posom",
        activatedAt: new Date(data.decidedAt),
        group: data.group,
        parentId: data.parentActivationId,
        fallbackForId: data.fallbackForActivationId,
        exercise: data.exercise ?? false,
      };
      await tx.insert(activations).values(values).onConflictDoUpdate({ target: activations.id, set: values });
      return;
    }
    case ActivationClosed.type: {
      await startAfterWork(tx, event, parseEvent(ActivationClosed, event).data);
      return;
    }
    case ActivationStatusChanged.type: {
      const { data } = parseEvent(ActivationStatusChanged, event);
      if (data.status !== "closed") return;
      await tx
        .update(activations)
        .set({ endedAt: new Date(event.occurredAt) })
        .where(eq(activations.id, data.activationId));
      return;
    }
    case ActivationCallOutChanged.type: {
      const { data } = parseEvent(ActivationCallOutChanged, event);
      if (data.change !== "accepted") return;
      const [activation] = await tx.select().from(activations).where(eq(activations.id, data.activationId));
      if (!activation) return; // its decision never reached us; nothing to attach the person to
      await recordParticipant(tx, activation.parentId ?? activation.id, data.personId, {
        organisationId: event.organisationId,
        role: roleOf(data.group),
      });
      return;
    }
    case DebriefOffered.type: {
      // Laholm 3.7: "alla som deltagit i arbetet erbjudas stödsamtal". The activation service made
      // the offer (and sent it); the after-work lists the person as offered — people sent by a
      // neighbour and centre shift staff included, whom no call-out of this organisation names.
      const { data } = parseEvent(DebriefOffered, event);
      const rootId = data.activationId
        ? await knownActivation(tx, data.activationId)
        : await aidGivenRecord(tx, event, data);
      if (!rootId) return; // its decision never reached us; nothing to attach the person to
      await tx
        .insert(participants)
        .values({
          activationId: rootId,
          personId: data.personId,
          organisationId: data.homeOrganisationId,
          role: "support-person",
        })
        .onConflictDoNothing();
      await tx
        .update(participants)
        .set({ debriefStatus: "offered", debriefOfferedAt: new Date(data.offeredAt) })
        .where(
          and(
            eq(participants.activationId, rootId),
            eq(participants.personId, data.personId),
            eq(participants.debriefStatus, "not-offered"),
          ),
        );
      return;
    }
    default:
      return;
  }
}

async function knownActivation(tx: Transaction, activationId: string): Promise<string | undefined> {
  const [root] = await tx
    .select({ id: activations.id })
    .from(activations)
    .where(eq(activations.id, activationId));
  return root?.id;
}

/**
 * People the organisation sent to another county's deployment, offered the debrief when that
 * county's work ended: no activation of its own holds them, so they go under a record of the help
 * it gave under the aid request (one per request and organisation, made by the first offer), in
 * the asker's incident. Its after-work lists them, offers and follows up their debriefs, and may
 * evaluate the help given; the statistics do not count it as an activation.
 */
async function aidGivenRecord(
  tx: Transaction,
  event: EventEnvelope,
  data: { aidRequestId?: string | undefined; incidentId: string; offeredAt: string },
): Promise<string | undefined> {
  if (!data.aidRequestId) return undefined;
  const offeredAt = new Date(data.offeredAt);
  await tx
    .insert(activations)
    .values({
      id: uuidv7(),
      organisationId: event.organisationId,
      countyCode: event.countyCode,
      incidentId: data.incidentId,
      kind: "posom",
      // The help was given before; the offers mark when the asker's work ended.
      activatedAt: offeredAt,
      endedAt: offeredAt,
      aidRequestId: data.aidRequestId,
    })
    .onConflictDoNothing({ target: [activations.aidRequestId, activations.organisationId] });
  const [record] = await tx
    .select({ id: activations.id })
    .from(activations)
    .where(
      and(
        eq(activations.aidRequestId, data.aidRequestId),
        eq(activations.organisationId, event.organisationId),
      ),
    );
  return record?.id;
}
