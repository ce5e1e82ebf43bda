import type { ServiceContext } from "@krisstod/runtime";
import { asc, eq, inArray, isNull } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { exercisePrefix } from "../activations/callout.ts";
import { aidRequests, debriefOffers, incidents, messages } from "../db/schema.ts";
import type { ActivationParts } from "../parts.ts";
import { startPoller } from "./poller.ts";

/** Offers whose message is written per round (one roster request for all of them). */
const BATCH = 100;

type Offer = typeof debriefOffers.$inferSelect;

/**
 * Laholm 3.7: "Efter att en POSOM-insats avslutats ska alla som deltagit i arbetet erbjudas
 * stödsamtal." Every offer also reaches the person by SMS (or e-mail when roster holds no phone),
 * through the same sender and notifier as call-outs, as a message of kind "debrief-offer" which the
 * sender sends although its activation is closed. The contact details are asked of roster here,
 * after the offer committed, so closing an activation never waits on roster; an offer stays
 * unwritten (and is tried again next round) while roster does not answer. Offers are claimed with
 * FOR UPDATE SKIP LOCKED and marked written in the transaction that writes their message, so a
 * replica or a restart never writes one twice.
 */
export function startDebriefOfferWriter(context: ServiceContext, parts: ActivationParts) {
  const { db } = context.database;
  const dashboardUrl = (parts.env.DASHBOARD_URL ?? parts.answerLinkBaseUrl.replace(/\/api\/activation$/, ""))
    // The person's own page, where the offer is shown too ("Mitt uppdrag").
    .replace(/\/$/, "");
  const poller = startPoller({
    name: "debrief-offers",
    intervalMs: parts.env.SENDER_POLL_MS,
    logger: context.logger,
    work: () =>
      db.transaction(async (tx) => {
        const offers = await tx
          .select()
          .from(debriefOffers)
          .where(isNull(debriefOffers.messagesWrittenAt))
          .orderBy(asc(debriefOffers.offeredAt))
          .limit(BATCH)
          .for("update", { skipLocked: true });
        if (offers.length === 0) return false;
        const titles = await tx
          .select({ id: incidents.id, title: incidents.title, exercise: incidents.exercise })
          .from(incidents)
          .where(inArray(incidents.id, [...new Set(offers.map((o) => o.incidentId))]));
        const incidentOf = new Map(titles.map((i) => [i.id, i]));
        // People sent to another county's deployment: its incident is not held here, the place
        // its request named is.
        const requestIds = [...new Set(offers.flatMap((o) => (o.aidRequestId ? [o.aidRequestId] : [])))];
        const remote =
          requestIds.length === 0
            ? []
            : await tx
                .select({ id: aidRequests.id, place: aidRequests.place })
                .from(aidRequests)
                .where(inArray(aidRequests.id, requestIds));
        const placeOf = new Map(remote.map((r) => [r.id, r.place]));
        const batch = offers.map((offer) => ({
          offer,
          title:
            incidentOf.get(offer.incidentId)?.title ??
            (offer.aidRequestId ? placeOf.get(offer.aidRequestId) : undefined) ??
            "",
          exercise: incidentOf.get(offer.incidentId)?.exercise ?? false,
        }));
        const { contacts } = await parts.roster.debriefContacts(
          [...new Set(batch.map(({ offer }) => offer.personId))],
          "debrief offer (stödsamtal) after an activation",
        );
        const byPerson = new Map(contacts.map((c) => [c.personId, c]));
        const now = new Date();
        for (const { offer, title, exercise } of batch) {
          const contact = byPerson.get(offer.personId);
          const phone = contact?.phones[0];
          const email = contact?.email ?? undefined;
          // One message per offer: a text message where there is a phone, e-mail otherwise.
          const route = phone
            ? ({ channel: "sms", to: phone } as const)
            : email
              ? ({ channel: "email", to: email } as const)
              : undefined;
          if (route) {
            await tx.insert(messages).values({
              id: uuidv7(),
              // Under the same activation or aid request as the offer.
              activationId: offer.activationId,
              aidRequestId: offer.aidRequestId,
              personId: offer.personId,
              channel: route.channel,
              to: route.to,
              ...offerText(offer, { title, exercise, link: `${dashboardUrl}/mitt-uppdrag` }),
              answerLink: `${dashboardUrl}/mitt-uppdrag`,
              kind: "debrief-offer",
              status: "pending",
              nextAttemptAt: now,
            });
          }
          await tx
            .update(debriefOffers)
            .set({ messagesWrittenAt: now, sentBy: route ? [route.channel] : [] })
            .where(eq(debriefOffers.id, offer.id));
        }
        parts.wake.sender();
        return batch.length === BATCH;
      }),
  });
  return poller.stop;
}

/** Swedish first, English second, like the call-out; no names, only the incident's title. */
function offerText(
  offer: Pick<Offer, "via">,
  incident: { title: string; exercise: boolean; link: string },
): { subject: string; body: string } {
  const drill = incident.exercise ? exercisePrefix : "";
  const subject = `${drill}Erbjudande om stödsamtal – ${incident.title}`;
  const thanks =
    offer.via === "mutual-aid"
      ? "Tack för att du ställde upp hos en grannkommun"
      : offer.via === "centre-shift"
        ? "Tack för ditt pass på stödcentrumet"
        : "Tack för din insats";
  return {
    subject,
    body:
      `${drill}${thanks} vid "${incident.title}". Alla som deltagit i arbetet erbjuds stödsamtal. ` +
      `Hör av dig till samordnaren eller se Mitt uppdrag: ${incident.link}\n` +
      `Thank you for taking part. Everyone who took part is offered a debrief (support conversation): ${incident.link}`,
  };
}
