import { createEvent, type Outbox } from "@krisstod/bus";
import {
  type RegionAnswerBody,
  type RegionCompetence,
  type RegionRequest,
  RegionRequestAnswered,
  type RegionRequestBody,
  RegionRequestMade,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@krisstod/http";
import { desc, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { isRegion } from "../activations/organisations.ts";
import { incidents, regionRequests } from "../db/schema.ts";
import { openIncidentOfOwnCounty } from "../incidents/incidents.store.ts";

type Row = typeof regionRequests.$inferSelect;

function toRegionRequest(row: Row, incidentTitle: string): RegionRequest {
  return {
    id: row.id,
    incidentId: row.incidentId,
    incidentTitle,
    organisationId: row.organisationId,
    regionId: row.regionId,
    countyCode: row.countyCode,
    competence: row.competence as RegionCompetence,
    quantity: row.quantity,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    status: row.answeredAt ? "answered" : "open",
    answer:
      row.answeredAt && row.decision && row.answer !== null
        ? {
            decision: row.decision as "will-send" | "cannot",
            message: row.answer,
            answeredAt: row.answeredAt.toISOString(),
          }
        : null,
  };
}

/**
 * Halland: "Kontakter med Region Halland sker via TIB (tjänsteperson i beredskap). Ibland behöver
 * inte PKL aktiveras utan det kan istället handla om enskilda kompetenser inom Region Halland,
 * exempelvis från BUP (barn och ungdomspsykiatri) eller vuxenpsykiatrin. Även då tas kontakterna
 * via TIB." A municipality asks the region of its own county; the request and its event commit
 * together.
 */
export async function requestFromRegion(
  db: Database,
  outbox: Outbox,
  organisationId: string,
  input: z.output<typeof RegionRequestBody>,
): Promise<RegionRequest> {
  if (!organisationId.startsWith("kommun-")) {
    throw new ForbiddenError(
      "Requests to the region through its TIB are made by a municipality.",
      "not-municipality",
    );
  }
  const incident = await openIncidentOfOwnCounty(db, organisationId, input.incidentId);
  const countyCode = incident.countyCode;
  const regionId = `region-${countyCode}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(regionRequests)
      .values({
        id: uuidv7(),
        incidentId: incident.id,
        organisationId,
        regionId,
        countyCode,
        competence: input.competence,
        quantity: input.quantity,
        message: input.message,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await outbox.enqueue(
      tx,
      createEvent(RegionRequestMade, {
        organisationId,
        countyCode,
        aggregateId: row.id,
        data: {
          requestId: row.id,
          incidentId: row.incidentId,
          regionId,
          competence: input.competence,
          quantity: input.quantity,
        },
      }),
    );
    return toRegionRequest(row, incident.title);
  });
}

/** A municipality sees the requests it made; a region the requests made to it. Newest first. */
export async function listRegionRequests(db: Database, organisationId: string): Promise<RegionRequest[]> {
  const column = isRegion(organisationId) ? regionRequests.regionId : regionRequests.organisationId;
  const rows = await db
    .select({ request: regionRequests, title: incidents.title })
    .from(regionRequests)
    .innerJoin(incidents, eq(incidents.id, regionRequests.incidentId))
    .where(eq(column, organisationId))
    .orderBy(desc(regionRequests.createdAt))
    .limit(200);
  return rows.map(({ request, title }) => toRegionRequest(request, title));
}

/** The region's TIB answers a request made to its region, once. */
export async function answerRegionRequest(
  db: Database,
  outbox: Outbox,
  regionId: string,
  id: string,
  input: z.output<typeof RegionAnswerBody>,
): Promise<RegionRequest> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(regionRequests).where(eq(regionRequests.id, id)).for("update");
    const [incident] = locked
      ? await tx.select({ title: incidents.title }).from(incidents).where(eq(incidents.id, locked.incidentId))
      : [];
    const found = locked ? { request: locked, title: incident?.title ?? "" } : undefined;
    if (!found) throw new NotFoundError("No such request.");
    if (found.request.regionId !== regionId) {
      throw new ForbiddenError("This request was made to another region.", "other-region");
    }
    if (found.request.answeredAt)
      throw new ConflictError("The request is already answered.", "region-request-answered");
    const [row] = await tx
      .update(regionRequests)
      .set({ decision: input.decision, answer: input.message, answeredAt: new Date() })
      .where(eq(regionRequests.id, id))
      .returning();
    if (!row) throw new Error("update returned no row");
    await outbox.enqueue(
      tx,
      createEvent(RegionRequestAnswered, {
        organisationId: regionId,
        countyCode: row.countyCode,
        aggregateId: row.id,
        data: {
          requestId: row.id,
          incidentId: row.incidentId,
          organisationId: row.organisationId,
          decision: input.decision,
        },
      }),
    );
    return toRegionRequest(row, found.title);
  });
}
