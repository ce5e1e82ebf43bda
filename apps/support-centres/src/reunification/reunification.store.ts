import { appendAudit } from "@krisstod/audit";
import type {
  Principal,
  ReunificationCandidate,
  ReunificationMatch,
  VisitorRelation,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError, NotFoundError, scrubErrors } from "@krisstod/http";
import { and, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { audit, reunifications, visitorPersonalData, visitors } from "../db/schema.ts";
import { visitorAccess } from "../visitors/audit-visitors.ts";
import { normalisePersonnummer } from "../visitors/identity.ts";
import { actorOf } from "../visitors/visitors.store.ts";

export interface SearchCriteria {
  incidentId: string;
  name?: string | undefined;
  personnummer?: string | undefined;
  dateOfBirth?: string | undefined;
  seekerVisitorId?: string | undefined;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A relative asks for a person: searches the registered visitors of this incident that the
 * principal's organisation received (nobody else's). The search and what it found are one audit row.
 */
export async function searchVisitors(
  db: Database,
  principal: Principal,
  criteria: SearchCriteria,
): Promise<ReunificationCandidate[]> {
  const personnummer = criteria.personnummer
    ? normalisePersonnummer(criteria.personnummer, "personnummer")
    : undefined;
  const any: SQL[] = [];
  if (personnummer) any.push(eq(visitorPersonalData.personnummer, personnummer));
  if (criteria.dateOfBirth) any.push(eq(visitorPersonalData.dateOfBirth, criteria.dateOfBirth));
  if (criteria.name) any.push(ilike(visitorPersonalData.name, `%${escapeLike(criteria.name)}%`));
  return scrubErrors("searchVisitors", () =>
    db.transaction(async (tx) => {
      const rows = await tx
        .select({ personal: visitorPersonalData, visit: visitors })
        .from(visitorPersonalData)
        .innerJoin(visitors, eq(visitors.id, visitorPersonalData.visitorId))
        .where(
          and(
            eq(visitorPersonalData.incidentId, criteria.incidentId),
            eq(visitorPersonalData.organisationId, principal.organisationId),
            or(...any),
          ),
        )
        .limit(50);
      const candidates = rows
        .filter(({ visit }) => visit.id !== criteria.seekerVisitorId)
        .map(({ personal, visit }) => ({
          visitorId: visit.id,
          centreId: visit.centreId,
          name: personal.name,
          dateOfBirth: personal.dateOfBirth,
          personnummer: personal.personnummer,
          relation: personal.relation as VisitorRelation,
          present: visit.departedAt === null,
        }));
      // The search itself, then one read per visitor it returned (a record not returned is not read).
      await appendAudit(tx, audit, [
        {
          actor: actorOf(principal),
          action: "search",
          subject: { kind: "reunification-search", id: uuidv7(), organisationId: principal.organisationId },
          incidentId: criteria.incidentId,
          reason: `reunification; ${candidates.length} found`,
        },
        ...visitorAccess(
          principal,
          "read",
          candidates.map((candidate) => ({ id: candidate.visitorId, incidentId: criteria.incidentId })),
          "reunification search",
        ),
      ]);
      return candidates;
    }),
  );
}

/** Staff connect the relative with the person found; both must be the organisation's registered visitors. */
export async function recordMatch(
  db: Database,
  principal: Principal,
  seekerVisitorId: string,
  foundVisitorId: string,
): Promise<ReunificationMatch> {
  if (seekerVisitorId === foundVisitorId)
    throw new ConflictError("A visitor cannot be matched with themselves.");
  return scrubErrors("recordMatch", () =>
    db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: visitors.id, incidentId: visitors.incidentId, registered: visitors.registered })
        .from(visitors)
        .where(
          and(
            inArray(visitors.id, [seekerVisitorId, foundVisitorId]),
            eq(visitors.receivingOrganisationId, principal.organisationId),
          ),
        );
      // Visitors of another organisation look the same as unknown ones: their existence is not disclosed.
      if (rows.length !== 2 || rows.some((r) => !r.registered)) {
        throw new NotFoundError("Both must be registered visitors your organisation received.");
      }
      const incidentId = rows[0]?.incidentId;
      if (!incidentId || rows.some((r) => r.incidentId !== incidentId)) {
        throw new ConflictError("Both visitors must belong to the same incident.");
      }
      const id = uuidv7();
      const matchedAt = new Date();
      await tx.insert(reunifications).values({
        id,
        organisationId: principal.organisationId,
        incidentId,
        seekerVisitorId,
        foundVisitorId,
        matchedByUserId: principal.userId,
        matchedAt,
      });
      await appendAudit(
        tx,
        audit,
        visitorAccess(
          principal,
          "write",
          [seekerVisitorId, foundVisitorId].map((visitorId) => ({ id: visitorId, incidentId })),
          `reunification match ${id}`,
        ),
      );
      return { id, incidentId, seekerVisitorId, foundVisitorId, matchedAt: matchedAt.toISOString() };
    }),
  );
}
