import {
  createEvent,
  EventConsumer,
  type EventHandler,
  ensureAidStreams,
  type Outbox,
  PoisonEventError,
} from "@krisstod/bus";
import {
  AidCrossCountyAccepted,
  AidCrossCountyAnswer,
  AidCrossCountyRequest,
  AidCrossCountyStaffing,
  AidCrossCountyWorkEnded,
  countyOfOrganisation,
  type EventEnvelope,
  MutualAidStaffingReported,
  parseEvent,
} from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import type { ServiceContext } from "@krisstod/runtime";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import { offerDebriefsForRemoteRequest } from "../after-work/debrief-offers.ts";
import { aidOffers, aidRequests, tables } from "../db/schema.ts";
import type { ActivationSettings } from "../env.ts";
import { acceptedEvent, answerEvent, eventFields, requestedEvent } from "./mutual-aid.store.ts";

/**
 * Mutual aid between counties that run their own deployments (#23). What a county sends leaves
 * through its outbox onto `{ns}.aid.{from}.{to}.…` (its outbound stream); the national hub's
 * exchange stream sources every county's outbound stream, only each county's own sending subjects;
 * each county's inbound stream sources from the hub what is addressed to it. This consumer applies
 * the inbound stream to this county's own tables, once per message (the bus inbox), and refuses
 * what no legitimate sender could have sent.
 */
export const AID_INBOX_CONSUMER = "activation-aid-inbox";

const TYPES = new Set<string>([
  AidCrossCountyRequest.type,
  AidCrossCountyAnswer.type,
  AidCrossCountyAccepted.type,
  AidCrossCountyStaffing.type,
  AidCrossCountyWorkEnded.type,
]);

/**
 * Why a message does not belong on the subject it came on, or undefined: the sending county in the
 * subject is the envelope's, the sending organisation is in that county, it is addressed to this
 * county, and its type is one of the five.
 */
export function aidEnvelopeMismatch(home: string) {
  return (subject: string, event: EventEnvelope): string | undefined => {
    // {ns}.aid.{from}.{to}.{type}
    const [, aid, from, to, ...type] = subject.split(".");
    if (aid !== "aid") return `subject ${subject} is not a mutual-aid subject`;
    if (to !== home) return `addressed to county ${to}, not ${home}`;
    if (type.join(".") !== event.type) return `type ${event.type} does not match the subject's`;
    if (!TYPES.has(event.type)) return `${event.type} is not a cross-county mutual-aid message`;
    if (event.producer !== "activation") return `producer ${event.producer} does not send mutual aid`;
    if (from !== event.countyCode)
      return `countyCode ${event.countyCode} does not match the subject's ${from}`;
    if (countyOfOrganisation(event.organisationId) !== from) {
      return `organisation ${event.organisationId} is not in county ${from}`;
    }
    return undefined;
  };
}

/** Applies one message addressed to county `home` (its envelope already checked). */
export function applyAidMessage(outbox: Outbox, home: string): EventHandler {
  return async (tx, event) => {
    if (event.type === AidCrossCountyRequest.type) await receiveRequest(tx, outbox, event, home);
    else if (event.type === AidCrossCountyAnswer.type) await receiveAnswer(tx, outbox, event, home);
    else if (event.type === AidCrossCountyAccepted.type) await receiveAcceptance(tx, outbox, event, home);
    else if (event.type === AidCrossCountyStaffing.type) await receiveStaffing(tx, outbox, event, home);
    else if (event.type === AidCrossCountyWorkEnded.type) await receiveWorkEnded(tx, outbox, event, home);
    else throw new PoisonEventError(`unknown mutual-aid message ${event.type}`);
  };
}

/**
 * A request from another county: held here, for the asked organisations of this county only. The
 * county's picture hears of it as of a request made here, counts only, so this county's board sees
 * the help its municipalities give across the border (its `counties` name both).
 */
async function receiveRequest(tx: Transaction, outbox: Outbox, envelope: EventEnvelope, home: string) {
  const { data } = parseEvent(AidCrossCountyRequest, envelope);
  const addressedTo = data.addressedTo.filter((org) => countyOfOrganisation(org) === home);
  if (addressedTo.length === 0) throw new PoisonEventError("asks no organisation of this county");
  const [row] = await tx
    .insert(aidRequests)
    .values({
      id: data.requestId,
      incidentId: data.incidentId,
      organisationId: envelope.organisationId,
      countyCode: envelope.countyCode,
      quantity: data.quantity,
      competences: data.competences,
      languages: data.languages,
      anticipatedFunction: data.anticipatedFunction,
      specialRequirements: data.specialRequirements,
      place: data.place,
      fromAt: new Date(data.from),
      toAt: new Date(data.to),
      addressedTo,
      wholeCounty: false,
      contact: data.contact,
      remote: true,
    })
    // The same id twice (a redelivery the inbox did not catch) is the same request.
    .onConflictDoNothing()
    .returning();
  if (!row) return;
  await outbox.enqueue(tx, requestedEvent(row));
}

/**
 * An answer to a request made here: only by an organisation the request asked, else refused (a
 * county answering for a neighbour it was not asked, or for a request it never got).
 */
async function receiveAnswer(tx: Transaction, outbox: Outbox, envelope: EventEnvelope, home: string) {
  const { data } = parseEvent(AidCrossCountyAnswer, envelope);
  const [request] = await tx.select().from(aidRequests).where(eq(aidRequests.id, data.requestId));
  if (!request || request.remote || request.countyCode !== home) {
    throw new PoisonEventError(`no request ${data.requestId} was made here`);
  }
  if (!request.addressedTo.includes(envelope.organisationId)) {
    throw new PoisonEventError(`${envelope.organisationId} was not asked by request ${request.id}`);
  }
  const [offer] = await tx
    .insert(aidOffers)
    .values({
      id: data.offerId,
      requestId: request.id,
      organisationId: envelope.organisationId,
      quantity: data.decision === "declined" ? 0 : data.quantity,
      note: data.note,
      status: data.decision,
      lead: data.lead,
      remote: true,
    })
    .onConflictDoNothing()
    .returning();
  // The county's own event, as for an answer given here: the county's picture shows it.
  if (offer) await outbox.enqueue(tx, answerEvent(request, offer));
}

/** An offer named by a message (its row locked) and its request; either may be missing. */
async function offerAndRequest(tx: Transaction, offerId: string) {
  const [offer] = await tx.select().from(aidOffers).where(eq(aidOffers.id, offerId)).for("update");
  const [request] = offer
    ? await tx.select().from(aidRequests).where(eq(aidRequests.id, offer.requestId))
    : [];
  return { offer, request };
}

/** The asker accepted an offer made here: only the asker of the offer's request can. */
async function receiveAcceptance(tx: Transaction, outbox: Outbox, envelope: EventEnvelope, home: string) {
  const { data } = parseEvent(AidCrossCountyAccepted, envelope);
  const { offer, request } = await offerAndRequest(tx, data.offerId);
  if (!offer || !request?.remote || countyOfOrganisation(offer.organisationId) !== home) {
    throw new PoisonEventError(`no offer ${data.offerId} to another county was made here`);
  }
  if (request.id !== data.requestId || request.organisationId !== envelope.organisationId) {
    throw new PoisonEventError(`${envelope.organisationId} did not ask request ${request.id}`);
  }
  if (offer.status !== "offered") return;
  await tx.update(aidOffers).set({ status: "accepted" }).where(eq(aidOffers.id, offer.id));
  await outbox.enqueue(tx, acceptedEvent(request, offer));
}

/**
 * How many people the offering county has on site and released under an offer it made to a
 * request made here: only from that offer's organisation, and only if newer than what is held
 * (each report is the whole state). The county's picture hears it as its own event.
 */
async function receiveStaffing(tx: Transaction, outbox: Outbox, envelope: EventEnvelope, home: string) {
  const { data } = parseEvent(AidCrossCountyStaffing, envelope);
  const { offer, request } = await offerAndRequest(tx, data.offerId);
  if (!offer?.remote || !request || request.remote || request.countyCode !== home) {
    throw new PoisonEventError(`no offer ${data.offerId} from another county was made here`);
  }
  if (request.id !== data.requestId || offer.organisationId !== envelope.organisationId) {
    throw new PoisonEventError(`${envelope.organisationId} did not make offer ${offer.id}`);
  }
  const asOf = new Date(data.asOf);
  const [changed] = await tx
    .update(aidOffers)
    .set({ onSite: data.onSite, released: data.released, staffingAt: asOf })
    .where(and(eq(aidOffers.id, offer.id), or(isNull(aidOffers.staffingAt), lte(aidOffers.staffingAt, asOf))))
    .returning({ id: aidOffers.id });
  if (!changed) return; // older than what is held
  await outbox.enqueue(
    tx,
    createEvent(MutualAidStaffingReported, {
      ...eventFields(request),
      data: {
        requestId: request.id,
        incidentId: request.incidentId,
        offerId: offer.id,
        offeringOrganisationId: offer.organisationId,
        onSite: data.onSite,
        released: data.released,
      },
    }),
  );
}

/**
 * The asker's work on the incident ended: this county's people sent under its request are offered
 * a debrief (Laholm 3.7). Only the asker of a request held here can say so; a repeated message
 * offers nobody twice (the offers' unique index).
 */
async function receiveWorkEnded(tx: Transaction, outbox: Outbox, envelope: EventEnvelope, home: string) {
  const { data } = parseEvent(AidCrossCountyWorkEnded, envelope);
  const [request] = await tx.select().from(aidRequests).where(eq(aidRequests.id, data.requestId));
  if (!request?.remote || request.incidentId !== data.incidentId) {
    throw new PoisonEventError(`no request ${data.requestId} from another county is held here`);
  }
  if (request.organisationId !== envelope.organisationId || request.countyCode !== envelope.countyCode) {
    throw new PoisonEventError(`${envelope.organisationId} did not ask request ${request.id}`);
  }
  // Offered when it is heard here (the asker's `endedAt` may be long past after an outage).
  await offerDebriefsForRemoteRequest(tx, outbox, request, home, new Date());
}

/**
 * Starts the exchange when configured (COUNTY_CODE and MUTUAL_AID_HUB_DOMAIN): makes sure the
 * county's two streams exist and consumes the inbound one. Returns how to stop it.
 */
export async function startAidExchange(context: ServiceContext, env: ActivationSettings) {
  const home = env.COUNTY_CODE;
  const domain = env.MUTUAL_AID_HUB_DOMAIN;
  if (!home || !domain) return async () => {};
  const { inbound } = await ensureAidStreams(context.nc, {
    namespace: context.env.NATS_NAMESPACE,
    countyCode: home,
    replicas: context.env.NATS_STREAM_REPLICAS,
    hub: { domain, stream: env.MUTUAL_AID_HUB_STREAM },
  });
  const consumer = new EventConsumer({
    nc: context.nc,
    db: context.database.db,
    tables,
    logger: context.logger,
    stream: inbound,
    durable: AID_INBOX_CONSUMER,
    // The inbound stream holds only what is addressed to this county.
    filterSubject: ">",
    handle: applyAidMessage(context.outbox, home),
    envelopeCheck: aidEnvelopeMismatch(home),
  });
  await consumer.start();
  context.logger.info({ county: home, hub: domain, stream: inbound }, "mutual aid across counties on");
  return () => consumer.stop();
}
