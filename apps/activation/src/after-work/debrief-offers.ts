import { createEvent, type Outbox } from "@krisstod/bus";
import { AidCrossCountyWorkEnded, DebriefOffered, type DebriefOfferVia, subjects } from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { tookPart } from "../activations/callout.ts";
import { countyOf } from "../activations/organisations.ts";
import {
  activations,
  aidDeployments,
  aidOffers,
  aidRequests,
  aidWorkEnded,
  callOuts,
  centreStaff,
  debriefOffers,
} from "../db/schema.ts";
import { eventFields } from "../mutual-aid/mutual-aid.store.ts";

interface Participant {
  personId: string;
  homeOrganisationId: string;
  via: DebriefOfferVia;
}

/**
 * Everyone who took part in an organisation's work on an incident: its own people who accepted a
 * call-out (ledningsgrupp and support persons), the people neighbours sent it under mutual aid, and
 * whoever checked in for a shift at its support centres. A person counted twice keeps the first way
 * (call-out, then mutual aid, then shift).
 */
async function participantsOf(
  tx: Transaction,
  organisationId: string,
  incidentId: string,
): Promise<Participant[]> {
  const called = await tx
    .select({ personId: callOuts.personId })
    .from(callOuts)
    .innerJoin(activations, eq(activations.id, callOuts.activationId))
    .where(
      and(
        eq(activations.organisationId, organisationId),
        eq(activations.incidentId, incidentId),
        inArray(callOuts.status, tookPart),
      ),
    );
  const sent = await tx
    .select({ personId: aidDeployments.personId, homeOrganisationId: aidOffers.organisationId })
    .from(aidDeployments)
    .innerJoin(aidOffers, eq(aidOffers.id, aidDeployments.offerId))
    .innerJoin(aidRequests, eq(aidRequests.id, aidOffers.requestId))
    .where(and(eq(aidRequests.organisationId, organisationId), eq(aidRequests.incidentId, incidentId)));
  const shifts = await tx
    .select({ personId: centreStaff.personId, homeOrganisationId: centreStaff.homeOrganisationId })
    .from(centreStaff)
    .where(and(eq(centreStaff.organisationId, organisationId), eq(centreStaff.incidentId, incidentId)));
  const byPerson = new Map<string, Participant>();
  const add = (list: Participant[]) => {
    for (const p of list) if (!byPerson.has(p.personId)) byPerson.set(p.personId, p);
  };
  add(called.map((c) => ({ personId: c.personId, homeOrganisationId: organisationId, via: "call-out" })));
  add(sent.map((s) => ({ ...s, via: "mutual-aid" })));
  add(shifts.map((s) => ({ ...s, via: "centre-shift" })));
  return [...byPerson.values()].sort((a, b) => a.personId.localeCompare(b.personId));
}

/**
 * Laholm 3.7: "Efter att en POSOM-insats avslutats ska alla som deltagit i arbetet erbjudas
 * stödsamtal." Once the organisation's work on the incident has ended — its ledningsgrupp
 * (root) activation closed and none still running — everyone who took part is offered a debrief,
 * in the caller's transaction with a `activation.debrief-offered` event each. Called at the close
 * and again when someone's part becomes known later (a centre shift told after the close); the
 * unique (incident, person) index makes every call after the first offer nobody twice. The SMS or
 * e-mail is written afterwards by the offer writer (it asks roster for the contact details).
 * Returns how many were offered now.
 */
export async function offerDebriefs(
  tx: Transaction,
  outbox: Outbox,
  organisationId: string,
  incidentId: string,
  now: Date = new Date(),
): Promise<number> {
  const roots = await tx
    .select({ id: activations.id, status: activations.status, countyCode: activations.countyCode })
    .from(activations)
    .where(
      and(
        eq(activations.organisationId, organisationId),
        eq(activations.incidentId, incidentId),
        isNull(activations.parentActivationId),
      ),
    )
    .orderBy(desc(activations.decidedAt));
  const root = roots[0];
  // No work of this organisation on the incident, or it is still going on: nothing to offer yet.
  if (!root || roots.some((r) => r.status !== "closed")) return 0;
  let offered = 0;
  for (const participant of await participantsOf(tx, organisationId, incidentId)) {
    const work = {
      organisationId,
      countyCode: root.countyCode,
      under: { activationId: root.id },
      incidentId,
    };
    if (await offerOne(tx, outbox, work, participant, now)) offered += 1;
  }
  await tellOfferingCounties(tx, outbox, organisationId, incidentId, now);
  return offered;
}

/**
 * What a debrief is offered under: the organisation's own root activation, or for people it sent
 * to another county's deployment the aid request they went under (that county's activation is
 * not held here).
 */
export type OfferedUnder = { activationId: string } | { aidRequestId: string };

/** The work a debrief is offered for: the organisation whose it was, and what it is held under. */
interface Work {
  organisationId: string;
  countyCode: string;
  under: OfferedUnder;
  incidentId: string;
}

/** The two columns (one set, one null, as the tables' CHECK wants) of what an offer is under. */
export function underColumns(under: OfferedUnder) {
  return "activationId" in under
    ? { activationId: under.activationId, aidRequestId: null }
    : { activationId: null, aidRequestId: under.aidRequestId };
}

/** One offer and its event, unless the person was already offered one for the incident. */
async function offerOne(
  tx: Transaction,
  outbox: Outbox,
  work: Work,
  participant: Participant,
  now: Date,
): Promise<boolean> {
  const [row] = await tx
    .insert(debriefOffers)
    .values({
      id: uuidv7(),
      incidentId: work.incidentId,
      personId: participant.personId,
      homeOrganisationId: participant.homeOrganisationId,
      organisationId: work.organisationId,
      ...underColumns(work.under),
      via: participant.via,
      offeredAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return false;
  await outbox.enqueue(
    tx,
    createEvent(DebriefOffered, {
      organisationId: work.organisationId,
      countyCode: work.countyCode,
      aggregateId: "activationId" in work.under ? work.under.activationId : work.under.aidRequestId,
      occurredAt: now,
      data: {
        offerId: row.id,
        ...work.under,
        incidentId: work.incidentId,
        personId: row.personId,
        homeOrganisationId: row.homeOrganisationId,
        via: participant.via,
        offeredAt: now.toISOString(),
      },
    }),
  );
  return true;
}

/**
 * People an organisation of another county's deployment sent stay in that deployment (their names
 * never cross), so its county is told that the work ended and offers them the debrief itself: one
 * message per request and county with an accepted offer, ids and the time only. Told once: the
 * telling is recorded (aid_work_ended) in the transaction that puts the message in the outbox, so
 * a later run (a centre shift told after the close) tells nobody again.
 */
async function tellOfferingCounties(
  tx: Transaction,
  outbox: Outbox,
  organisationId: string,
  incidentId: string,
  now: Date,
) {
  const remoteOffers = await tx
    .select({ request: aidRequests, offerOrganisationId: aidOffers.organisationId })
    .from(aidOffers)
    .innerJoin(aidRequests, eq(aidRequests.id, aidOffers.requestId))
    .where(
      and(
        eq(aidRequests.organisationId, organisationId),
        eq(aidRequests.incidentId, incidentId),
        eq(aidOffers.remote, true),
        eq(aidOffers.status, "accepted"),
      ),
    )
    .orderBy(asc(aidRequests.id), asc(aidOffers.organisationId));
  const toTell = new Map<string, { request: typeof aidRequests.$inferSelect; to: string }>();
  for (const { request, offerOrganisationId } of remoteOffers) {
    const to = countyOf(offerOrganisationId, "");
    toTell.set(`${request.id}/${to}`, { request, to });
  }
  for (const { request, to } of toTell.values()) {
    const [first] = await tx
      .insert(aidWorkEnded)
      .values({ requestId: request.id, countyCode: to, sentAt: now })
      .onConflictDoNothing()
      .returning({ requestId: aidWorkEnded.requestId });
    if (!first) continue; // told before
    await outbox.enqueueTo(
      tx,
      (ns) => subjects.aid(ns, request.countyCode, to, AidCrossCountyWorkEnded.type),
      createEvent(AidCrossCountyWorkEnded, {
        ...eventFields(request),
        data: { requestId: request.id, incidentId, endedAt: now.toISOString() },
      }),
    );
  }
}

/**
 * Another county's organisation ended its work on a request an organisation of this county made
 * an accepted offer on: everyone this county deployed under those offers is offered a debrief from
 * the organisation that sent them (the offer writer reaches them with this county's roster).
 */
export async function offerDebriefsForRemoteRequest(
  tx: Transaction,
  outbox: Outbox,
  request: typeof aidRequests.$inferSelect,
  home: string,
  now: Date,
): Promise<number> {
  const deployed = await tx
    .select({ personId: aidDeployments.personId, organisationId: aidOffers.organisationId })
    .from(aidDeployments)
    .innerJoin(aidOffers, eq(aidOffers.id, aidDeployments.offerId))
    .where(and(eq(aidOffers.requestId, request.id), eq(aidOffers.status, "accepted")))
    .orderBy(asc(aidDeployments.personId));
  let offered = 0;
  for (const { personId, organisationId } of deployed) {
    const work = {
      organisationId,
      countyCode: home,
      under: { aidRequestId: request.id },
      incidentId: request.incidentId,
    };
    const participant = { personId, homeOrganisationId: organisationId, via: "mutual-aid" } as const;
    if (await offerOne(tx, outbox, work, participant, now)) offered += 1;
  }
  return offered;
}
