import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type AidContact,
  AidCrossCountyAccepted,
  AidCrossCountyAnswer,
  AidCrossCountyRequest,
  AidCrossCountyStaffing,
  type AidOffer,
  type AidOfferBody,
  type AidRequest,
  type AidRequestBody,
  type EventDefinition,
  MutualAidAccepted,
  MutualAidDeclined,
  MutualAidDeployed,
  MutualAidOffered,
  MutualAidReleased,
  MutualAidRequested,
  subjects,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from "@krisstod/http";
import { and, arrayContains, asc, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { countyOf } from "../activations/organisations.ts";
import { aidDeployments, aidOffers, aidRequests } from "../db/schema.ts";
import { openIncidentOfOwnCounty } from "../incidents/incidents.store.ts";

export type RequestRow = typeof aidRequests.$inferSelect;

/**
 * Mutual aid with other counties' deployments (#23): this deployment's county. Set, a request to
 * a neighbour in another county also goes over the national bus (mutual-aid/exchange.ts), and
 * answers to requests that came that way go back the same way. Unset, everything stays here.
 */
export interface AidExchange {
  countyCode: string;
}

/** The asked organisations of other counties than `home`, by county. */
function remoteAddressees(addressedTo: string[], home: string): Map<string, string[]> {
  const byCounty = new Map<string, string[]>();
  for (const organisationId of addressedTo) {
    const county = countyOf(organisationId, home);
    if (county !== home) byCounty.set(county, [...(byCounty.get(county) ?? []), organisationId]);
  }
  return byCounty;
}

export function eventFields(request: RequestRow) {
  return { organisationId: request.organisationId, countyCode: request.countyCode, aggregateId: request.id };
}

function isAddressed(request: RequestRow, organisationId: string): boolean {
  if (organisationId === request.organisationId) return false;
  return request.wholeCounty
    ? countyOf(organisationId, "") === request.countyCode
    : request.addressedTo.includes(organisationId);
}

export async function requestAid(
  db: Database,
  outbox: Outbox,
  input: z.output<typeof AidRequestBody> & { organisationId: string; contact: AidContact },
  exchange?: AidExchange,
): Promise<AidRequest> {
  const incident = await openIncidentOfOwnCounty(db, input.organisationId, input.incidentId);
  const id = uuidv7();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(aidRequests)
      .values({
        id,
        incidentId: input.incidentId,
        organisationId: input.organisationId,
        countyCode: incident.countyCode,
        quantity: input.quantity,
        competences: input.competences,
        languages: input.languages,
        anticipatedFunction: input.anticipatedFunction,
        specialRequirements: input.specialRequirements,
        place: input.place,
        fromAt: new Date(input.from),
        toAt: new Date(input.to),
        addressedTo: input.addressedTo === "county" ? [] : input.addressedTo,
        wholeCounty: input.addressedTo === "county",
        contact: input.contact,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await outbox.enqueue(tx, requestedEvent(row));
    if (exchange) await sendAcrossCounties(tx, outbox, row, input.contact, exchange);
  });
  return (await findAidRequest(db, id)) as AidRequest;
}

/** One request to each other county with named addressees, carrying only what may cross. */
async function sendAcrossCounties(
  tx: Transaction,
  outbox: Outbox,
  row: RequestRow,
  contact: AidContact,
  exchange: AidExchange,
) {
  for (const [county, addressedTo] of remoteAddressees(row.addressedTo, exchange.countyCode)) {
    await outbox.enqueueTo(
      tx,
      (ns) => subjects.aid(ns, row.countyCode, county, AidCrossCountyRequest.type),
      createEvent(AidCrossCountyRequest, {
        ...eventFields(row),
        data: { requestId: row.id, incidentId: row.incidentId, addressedTo, ...requestTerms(row), contact },
      }),
    );
  }
}

/** The answer to a request that came from another county goes back to it over the bus. */
async function answerAcrossCounties(
  tx: Transaction,
  outbox: Outbox,
  request: RequestRow,
  offer: typeof aidOffers.$inferSelect,
) {
  await sendToAsker(tx, outbox, request, offer, AidCrossCountyAnswer, {
    requestId: request.id,
    offerId: offer.id,
    decision: offer.status === "declined" ? "declined" : "offered",
    quantity: offer.quantity,
    note: offer.note,
    lead: offer.lead ?? null,
  });
}

/**
 * A message of the offering organisation to the asker of a request from another county's
 * deployment, on the subject from the offerer's county to the asker's.
 */
async function sendToAsker<TType extends string, TData extends z.ZodType>(
  tx: Transaction,
  outbox: Outbox,
  request: RequestRow,
  offer: typeof aidOffers.$inferSelect,
  type: EventDefinition<TType, TData>,
  data: z.input<TData>,
) {
  const from = countyOf(offer.organisationId, "");
  await outbox.enqueueTo(
    tx,
    (ns) => subjects.aid(ns, from, request.countyCode, type.type),
    createEvent(type, {
      organisationId: offer.organisationId,
      countyCode: from,
      aggregateId: request.id,
      data,
    }),
  );
}

export async function offerAid(
  db: Database,
  outbox: Outbox,
  requestId: string,
  input: z.output<typeof AidOfferBody> & { organisationId: string; lead: AidContact },
  exchange?: AidExchange,
): Promise<AidOffer> {
  return answer(db, outbox, requestId, { ...input, status: "offered" }, exchange);
}

/** An asked organisation says it cannot help: an answer with nobody offered. */
export async function declineAid(
  db: Database,
  outbox: Outbox,
  requestId: string,
  input: { organisationId: string; note: string },
  exchange?: AidExchange,
): Promise<AidOffer> {
  return answer(db, outbox, requestId, { ...input, quantity: 0, lead: null, status: "declined" }, exchange);
}

/**
 * An asked organisation's answer. To a request made here it is an event here; to a request that
 * came from another county's deployment it goes back there over the bus.
 */
async function answer(
  db: Database,
  outbox: Outbox,
  requestId: string,
  input: {
    organisationId: string;
    quantity: number;
    note: string;
    lead: AidContact | null;
    status: "offered" | "declined";
  },
  exchange?: AidExchange,
): Promise<AidOffer> {
  const offerId = uuidv7();
  await db.transaction(async (tx) => {
    const [request] = await tx.select().from(aidRequests).where(eq(aidRequests.id, requestId));
    if (!request) throw new NotFoundError("No such request.");
    if (!isAddressed(request, input.organisationId)) {
      throw new ForbiddenError(`The request is not addressed to ${input.organisationId}.`);
    }
    // With counties on their own deployments, an organisation of another county answers in its
    // own, over the hub; a second answer given here would be a different one.
    if (exchange && countyOf(input.organisationId, exchange.countyCode) !== exchange.countyCode) {
      throw new ForbiddenError(
        `${input.organisationId} answers in its own county's deployment.`,
        "answer-in-own-deployment",
      );
    }
    const [offer] = await tx
      .insert(aidOffers)
      .values({
        id: offerId,
        requestId,
        organisationId: input.organisationId,
        quantity: input.quantity,
        note: input.note,
        status: input.status,
        lead: input.lead,
      })
      .onConflictDoNothing()
      .returning();
    if (!offer) throw new ConflictError(`${input.organisationId} has already answered.`, "already-offered");
    // This county's picture shows the answer either way (its board sees help across the border).
    if (request.remote) await answerAcrossCounties(tx, outbox, request, offer);
    await outbox.enqueue(tx, answerEvent(request, offer));
  });
  return (await findOffer(db, offerId)) as AidOffer;
}

/** What a request asks for, as the API shows it and as it crosses to another county. */
function requestTerms(row: RequestRow) {
  return {
    quantity: row.quantity,
    competences: row.competences,
    languages: row.languages,
    anticipatedFunction: row.anticipatedFunction,
    specialRequirements: row.specialRequirements,
    place: row.place,
    from: row.fromAt.toISOString(),
    to: row.toAt.toISOString(),
  };
}

/** Whom a request asks: named organisations, or "county" for every organisation of its county. */
function addressedToOf(row: RequestRow): string[] | "county" {
  return row.wholeCounty ? "county" : row.addressedTo;
}

/**
 * The event of a request held here: made here, or received from another county (then it names
 * only the asked organisations of this county, the ones it holds). Counts and times only.
 */
export function requestedEvent(row: RequestRow) {
  return createEvent(MutualAidRequested, {
    ...eventFields(row),
    data: {
      requestId: row.id,
      incidentId: row.incidentId,
      quantity: row.quantity,
      competences: row.competences,
      languages: row.languages,
      from: row.fromAt.toISOString(),
      to: row.toAt.toISOString(),
      addressedTo: addressedToOf(row),
    },
  });
}

/** The event of an answer to a request made here (also for one that came from another county). */
export function answerEvent(request: RequestRow, offer: typeof aidOffers.$inferSelect) {
  const data = {
    requestId: request.id,
    incidentId: request.incidentId,
    offerId: offer.id,
    offeringOrganisationId: offer.organisationId,
  };
  return offer.status === "declined"
    ? createEvent(MutualAidDeclined, { ...eventFields(request), data })
    : createEvent(MutualAidOffered, { ...eventFields(request), data: { ...data, quantity: offer.quantity } });
}

/** The event of the asker's acceptance of an offer (also of one made in another county). */
export function acceptedEvent(request: RequestRow, offer: typeof aidOffers.$inferSelect) {
  return createEvent(MutualAidAccepted, {
    ...eventFields(request),
    data: {
      requestId: request.id,
      incidentId: request.incidentId,
      offerId: offer.id,
      offeringOrganisationId: offer.organisationId,
      quantity: offer.quantity,
    },
  });
}

/** The offer and its request, the offer row locked for the change. */
async function lockOffer(tx: Transaction, offerId: string) {
  const [offer] = await tx.select().from(aidOffers).where(eq(aidOffers.id, offerId)).for("update");
  if (!offer) throw new NotFoundError("No such offer.");
  const [request] = await tx.select().from(aidRequests).where(eq(aidRequests.id, offer.requestId));
  if (!request) throw new Error("offer without request");
  return { offer, request };
}

export async function acceptOffer(db: Database, outbox: Outbox, offerId: string, organisationId: string) {
  await db.transaction(async (tx) => {
    const { offer, request } = await lockOffer(tx, offerId);
    if (request.organisationId !== organisationId || request.remote) {
      throw new ForbiddenError("Only the asking organisation accepts an offer.", "only-asker-accepts");
    }
    if (offer.status === "declined") throw new ConflictError("The offer was declined.", "offer-declined");
    if (offer.status !== "offered")
      throw new ConflictError("The offer has already been accepted.", "offer-already-accepted");
    await tx.update(aidOffers).set({ status: "accepted" }).where(eq(aidOffers.id, offerId));
    if (offer.remote) {
      // The offering organisation is in another county's deployment: it learns it over the bus.
      const to = countyOf(offer.organisationId, "");
      await outbox.enqueueTo(
        tx,
        (ns) => subjects.aid(ns, request.countyCode, to, AidCrossCountyAccepted.type),
        createEvent(AidCrossCountyAccepted, {
          ...eventFields(request),
          data: { requestId: request.id, offerId },
        }),
      );
    }
    await outbox.enqueue(tx, acceptedEvent(request, offer));
  });
  return (await findOffer(db, offerId)) as AidOffer;
}

/**
 * Deploys named people of the offering organisation for the request's time window. A person who
 * is deployed elsewhere at an overlapping time is refused (over-commitment); the check holds under
 * concurrency because every deployment of a person first takes that person's transaction lock.
 */
export async function deploy(
  db: Database,
  outbox: Outbox,
  offerId: string,
  input: { organisationId: string; personIds: string[] },
) {
  if (new Set(input.personIds).size !== input.personIds.length) {
    throw new UnprocessableError("A person is named twice.", [
      { field: "personIds", message: "must be distinct" },
    ]);
  }
  await db.transaction(async (tx) => {
    const { offer, request } = await lockOffer(tx, offerId);
    if (offer.organisationId !== input.organisationId) {
      throw new ForbiddenError("Only the offering organisation deploys its people.", "only-offerer-deploys");
    }
    if (offer.status !== "accepted")
      throw new ConflictError("The offer has not been accepted yet.", "offer-not-accepted");
    const active = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(aidDeployments)
      .where(and(eq(aidDeployments.offerId, offerId), eq(aidDeployments.status, "deployed")));
    if ((active[0]?.n ?? 0) + input.personIds.length > offer.quantity) {
      throw new UnprocessableError(`The offer is for ${offer.quantity} people.`, [
        { field: "personIds", message: `at most ${offer.quantity} deployed at once` },
      ]);
    }
    for (const personId of [...input.personIds].sort()) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`aid-person:${personId}`}))`);
    }
    const busy = await tx
      .select({ personId: aidDeployments.personId })
      .from(aidDeployments)
      .where(
        and(
          inArray(aidDeployments.personId, input.personIds),
          eq(aidDeployments.status, "deployed"),
          lt(aidDeployments.fromAt, request.toAt),
          gt(aidDeployments.toAt, request.fromAt),
        ),
      );
    if (busy.length > 0) {
      throw new ConflictError(
        `Already deployed at an overlapping time: ${[...new Set(busy.map((b) => b.personId))].join(", ")}.`,
      );
    }
    await tx.insert(aidDeployments).values(
      input.personIds.map((personId) => ({
        id: uuidv7(),
        offerId,
        personId,
        fromAt: request.fromAt,
        toAt: request.toAt,
        status: "deployed",
      })),
    );
    await outbox.enqueue(
      tx,
      createEvent(MutualAidDeployed, {
        ...eventFields(request),
        data: {
          requestId: request.id,
          incidentId: request.incidentId,
          offerId,
          offeringOrganisationId: offer.organisationId,
          personIds: input.personIds,
        },
      }),
    );
    if (request.remote) await reportStaffingAcross(tx, outbox, request, offer);
  });
  return (await findOffer(db, offerId)) as AidOffer;
}

/**
 * The asker of a request from another county's deployment learns how many of the people sent are
 * on site and how many released, counts only (who they are stays here), after every change.
 */
async function reportStaffingAcross(
  tx: Transaction,
  outbox: Outbox,
  request: RequestRow,
  offer: typeof aidOffers.$inferSelect,
) {
  const counts = await tx
    .select({ status: aidDeployments.status, n: sql<number>`count(*)::int` })
    .from(aidDeployments)
    .where(eq(aidDeployments.offerId, offer.id))
    .groupBy(aidDeployments.status);
  const of = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  await sendToAsker(tx, outbox, request, offer, AidCrossCountyStaffing, {
    requestId: request.id,
    offerId: offer.id,
    onSite: of("deployed"),
    released: of("released"),
    // Deployments and releases of one offer hold its row lock in turn: a later report is later.
    asOf: new Date().toISOString(),
  });
}

/** Releases everyone deployed under an offer (ReleaseResource): by the asker or the offering organisation. */
export async function release(db: Database, outbox: Outbox, offerId: string, organisationId: string) {
  await db.transaction(async (tx) => {
    const { offer, request } = await lockOffer(tx, offerId);
    if (organisationId !== request.organisationId && organisationId !== offer.organisationId) {
      throw new ForbiddenError("Only the asking or the offering organisation releases people.");
    }
    const released = await tx
      .update(aidDeployments)
      .set({ status: "released", releasedAt: new Date() })
      .where(and(eq(aidDeployments.offerId, offerId), eq(aidDeployments.status, "deployed")))
      .returning({ personId: aidDeployments.personId });
    if (released.length === 0)
      throw new ConflictError("Nobody is deployed under this offer.", "nobody-deployed");
    await outbox.enqueue(
      tx,
      createEvent(MutualAidReleased, {
        ...eventFields(request),
        data: {
          requestId: request.id,
          incidentId: request.incidentId,
          offerId,
          offeringOrganisationId: offer.organisationId,
          personIds: released.map((r) => r.personId),
        },
      }),
    );
    if (request.remote) await reportStaffingAcross(tx, outbox, request, offer);
  });
  return (await findOffer(db, offerId)) as AidOffer;
}

async function offersOf(db: Database, requestIds: string[]): Promise<AidOffer[]> {
  if (requestIds.length === 0) return [];
  const offers = await db
    .select()
    .from(aidOffers)
    .where(inArray(aidOffers.requestId, requestIds))
    .orderBy(asc(aidOffers.createdAt));
  const deployments =
    offers.length === 0
      ? []
      : await db
          .select()
          .from(aidDeployments)
          .where(
            inArray(
              aidDeployments.offerId,
              offers.map((o) => o.id),
            ),
          )
          .orderBy(asc(aidDeployments.id));
  return offers.map((o) => ({
    id: o.id,
    requestId: o.requestId,
    organisationId: o.organisationId,
    quantity: o.quantity,
    note: o.note,
    status: o.status as AidOffer["status"],
    lead: o.lead ?? null,
    staffing:
      o.staffingAt === null
        ? null
        : { onSite: o.onSite ?? 0, released: o.released ?? 0, asOf: o.staffingAt.toISOString() },
    deployed: deployments
      .filter((d) => d.offerId === o.id)
      .map((d) => ({
        deploymentId: d.id,
        personId: d.personId,
        status: d.status as "deployed" | "released",
        releasedAt: d.releasedAt?.toISOString() ?? null,
      })),
  }));
}

async function findOffer(db: Database, offerId: string): Promise<AidOffer | undefined> {
  const [offer] = await db.select().from(aidOffers).where(eq(aidOffers.id, offerId));
  return offer ? (await offersOf(db, [offer.requestId])).find((o) => o.id === offerId) : undefined;
}

function toRequest(row: RequestRow, offers: AidOffer[]): AidRequest {
  return {
    id: row.id,
    incidentId: row.incidentId,
    organisationId: row.organisationId,
    countyCode: row.countyCode,
    ...requestTerms(row),
    addressedTo: addressedToOf(row),
    contact: row.contact ?? null,
    remote: row.remote,
    createdAt: row.createdAt.toISOString(),
    offers: offers.filter((o) => o.requestId === row.id),
  };
}

export async function findAidRequest(db: Database, id: string): Promise<AidRequest | undefined> {
  const [row] = await db.select().from(aidRequests).where(eq(aidRequests.id, id));
  return row ? toRequest(row, await offersOf(db, [row.id])) : undefined;
}

/**
 * Who sees a request: a county observer every request of its county; an organisation the requests
 * it made, was asked (by name or county-wide in its county) or offered on.
 */
export type AidViewer = { countyCode: string } | { organisationId: string };

export function mayView(request: AidRequest, viewer: AidViewer): boolean {
  if ("countyCode" in viewer) return request.countyCode === viewer.countyCode;
  const org = viewer.organisationId;
  return (
    request.organisationId === org ||
    (request.addressedTo === "county"
      ? countyOf(org, "") === request.countyCode
      : request.addressedTo.includes(org)) ||
    request.offers.some((o) => o.organisationId === org)
  );
}

/** Requests the viewer may see (see `mayView`), newest first. */
export async function listAidRequests(db: Database, viewer: AidViewer): Promise<AidRequest[]> {
  const org = "organisationId" in viewer ? viewer.organisationId : undefined;
  const rows = await db
    .select()
    .from(aidRequests)
    .where(
      org === undefined
        ? eq(aidRequests.countyCode, "countyCode" in viewer ? viewer.countyCode : "")
        : or(
            eq(aidRequests.organisationId, org),
            arrayContains(aidRequests.addressedTo, [org]),
            and(eq(aidRequests.wholeCounty, true), eq(aidRequests.countyCode, countyOf(org, ""))),
          ),
    )
    .orderBy(desc(aidRequests.createdAt))
    .limit(200);
  const offers = await offersOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toRequest(row, offers));
}
