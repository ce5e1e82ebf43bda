import { createEvent, type Outbox } from "@krisstod/bus";
import {
  countyBoardOf,
  type FaithAnswerBody,
  type FaithRequest,
  FaithRequestAnswered,
  type FaithRequestBody,
  type FaithRequestDecision,
  FaithRequestMade,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@krisstod/http";
import { desc, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { faithRequests, incidents } from "../db/schema.ts";
import { openIncidentOfOwnCounty } from "../incidents/incidents.store.ts";

type Row = typeof faithRequests.$inferSelect;

function toFaithRequest(row: Row, incidentTitle: string): FaithRequest {
  return {
    id: row.id,
    incidentId: row.incidentId,
    incidentTitle,
    organisationId: row.organisationId,
    countyBoardId: row.countyBoardId,
    countyCode: row.countyCode,
    need: row.need,
    convene: row.convene,
    createdAt: row.createdAt.toISOString(),
    status: row.answeredAt ? "answered" : "open",
    answer:
      row.answeredAt && row.decision && row.answer !== null
        ? {
            decision: row.decision as FaithRequestDecision,
            message: row.answer,
            answeredAt: row.answeredAt.toISOString(),
          }
        : null,
  };
}

/** Who may ask: "kommunerna och Region Halland". */
const mayAsk = (organisationId: string) =>
  organisationId.startsWith("kommun-") || organisationId.startsWith("region-");

/**
 * Halland: "Kontakter med trossamfund kan fås via Länsstyrelsens TiB … Vid behov av samverkan kan
 * kommunerna och Region Halland kontakta Länsstyrelsens TiB." A municipality or the region asks
 * the county board of its own county, for an open incident of that county; the request and its
 * event commit together.
 */
export async function requestFaithCommunities(
  db: Database,
  outbox: Outbox,
  organisationId: string,
  input: z.output<typeof FaithRequestBody>,
): Promise<FaithRequest> {
  if (!mayAsk(organisationId)) {
    throw new ForbiddenError(
      "Faith communities are asked for through Länsstyrelsen's TiB by a municipality or the region.",
      "not-municipality-or-region",
    );
  }
  const incident = await openIncidentOfOwnCounty(db, organisationId, input.incidentId);
  const countyCode = incident.countyCode;
  const countyBoardId = countyBoardOf(countyCode);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(faithRequests)
      .values({
        id: uuidv7(),
        incidentId: incident.id,
        organisationId,
        countyBoardId,
        countyCode,
        need: input.need,
        convene: input.convene,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await outbox.enqueue(
      tx,
      createEvent(FaithRequestMade, {
        organisationId,
        countyCode,
        aggregateId: row.id,
        data: { requestId: row.id, incidentId: row.incidentId, countyBoardId, convene: row.convene },
      }),
    );
    return toFaithRequest(row, incident.title);
  });
}

/** An asker sees the requests it made; the county board those made to it. Newest first. */
export async function listFaithRequests(db: Database, organisationId: string): Promise<FaithRequest[]> {
  const column = organisationId.startsWith("lansstyrelsen-")
    ? faithRequests.countyBoardId
    : faithRequests.organisationId;
  const rows = await db
    .select({ request: faithRequests, title: incidents.title })
    .from(faithRequests)
    .innerJoin(incidents, eq(incidents.id, faithRequests.incidentId))
    .where(eq(column, organisationId))
    .orderBy(desc(faithRequests.createdAt))
    .limit(200);
  return rows.map(({ request, title }) => toFaithRequest(request, title));
}

/** Länsstyrelsen's TiB answers a request made to its county board, once. */
export async function answerFaithRequest(
  db: Database,
  outbox: Outbox,
  countyBoardId: string,
  id: string,
  input: z.output<typeof FaithAnswerBody>,
): Promise<FaithRequest> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(faithRequests).where(eq(faithRequests.id, id)).for("update");
    if (!locked) throw new NotFoundError("No such request.");
    if (locked.countyBoardId !== countyBoardId) {
      throw new ForbiddenError("This request was made to another county board.", "other-county");
    }
    if (locked.answeredAt)
      throw new ConflictError("The request is already answered.", "faith-request-answered");
    const [incident] = await tx
      .select({ title: incidents.title })
      .from(incidents)
      .where(eq(incidents.id, locked.incidentId));
    const [row] = await tx
      .update(faithRequests)
      .set({ decision: input.decision, answer: input.message, answeredAt: new Date() })
      .where(eq(faithRequests.id, id))
      .returning();
    if (!row) throw new Error("update returned no row");
    await outbox.enqueue(
      tx,
      createEvent(FaithRequestAnswered, {
        organisationId: countyBoardId,
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
    return toFaithRequest(row, incident?.title ?? "");
  });
}
