import { type EventHandler, parseEventOrPoison } from "@krisstod/bus";
import { MutualAidDeployed, type PictureMutualAid } from "@krisstod/contracts";
import { and, desc, eq, isNull, like } from "drizzle-orm";
import { activations, pictureItems } from "../db/schema.ts";
import { Section } from "../picture/projection.ts";
import { recordParticipant } from "./activations.store.ts";

/** The durable consumer that adds helpers sent under mutual aid to the asker's after-work. */
export const AID_PARTICIPANTS_CONSUMER = "reporting-aid-participants";

/** The asker has not reached the picture yet (another consumer projects it); redelivered later. */
class RequestNotYetKnown extends Error {
  override readonly name = "RequestNotYetKnown";
}

/**
 * People another organisation sent under mutual aid took part in the asking organisation's work:
 * each becomes a participant of the asker's root activation for the incident (the ledningsgrupp's),
 * so its after-work lists them, offers them a debrief and counts their hours. Only the ids the
 * event carries cross organisations — names stay in the sending organisation's roster. Idempotent:
 * a participant is one row per activation and person.
 */
export const recordAidParticipants: EventHandler = async (tx, event) => {
  const { data } = parseEventOrPoison(MutualAidDeployed, event);
  const [request] = await tx
    .select({ item: pictureItems.item })
    .from(pictureItems)
    .where(and(eq(pictureItems.section, Section.mutualAid), like(pictureItems.id, `${data.requestId}/%`)))
    .limit(1);
  if (!request)
    throw new RequestNotYetKnown(`mutual-aid request ${data.requestId} is not in the picture yet`);
  const asker = (request.item as PictureMutualAid).requestingOrganisationId;
  const [root] = await tx
    .select({ id: activations.id })
    .from(activations)
    .where(
      and(
        eq(activations.organisationId, asker),
        eq(activations.incidentId, data.incidentId),
        isNull(activations.parentId),
      ),
    )
    .orderBy(desc(activations.activatedAt))
    .limit(1);
  // An asker that never activated for this incident has no after-work for them to join.
  if (!root) return;
  for (const personId of data.personIds) {
    await recordParticipant(tx, root.id, personId, {
      organisationId: data.offeringOrganisationId,
      role: "support-person",
    });
  }
};
