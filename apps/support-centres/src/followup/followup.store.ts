import { appendAudit } from "@krisstod/audit";
import type { FollowUpEntry, Principal, VisitorRelation } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { scrubErrors } from "@krisstod/http";
import { and, asc, eq } from "drizzle-orm";
import { audit, visitorPersonalData, visitors } from "../db/schema.ts";
import { visitorAccess } from "../visitors/audit-visitors.ts";

/**
 * The organisation's own follow-up list: its registered visitors of an incident who consented to
 * being contacted afterwards. Each visitor listed is one audit row ("export").
 */
export async function followUpList(
  db: Database,
  principal: Principal,
  incidentId: string,
): Promise<FollowUpEntry[]> {
  return scrubErrors("followUpList", () =>
    db.transaction(async (tx) => {
      const rows = await tx
        .select({ personal: visitorPersonalData, visit: visitors })
        .from(visitorPersonalData)
        .innerJoin(visitors, eq(visitors.id, visitorPersonalData.visitorId))
        .where(
          and(
            eq(visitorPersonalData.incidentId, incidentId),
            eq(visitorPersonalData.organisationId, principal.organisationId),
            eq(visitorPersonalData.consentToFollowUp, true),
          ),
        )
        .orderBy(asc(visitors.arrivedAt))
        .limit(10_000);
      await appendAudit(
        tx,
        audit,
        visitorAccess(
          principal,
          "export",
          rows.map(({ visit }) => ({ id: visit.id, incidentId })),
          "follow-up list",
        ),
      );
      return rows.map(({ personal, visit }) => ({
        visitorId: visit.id,
        centreId: visit.centreId,
        name: personal.name,
        phone: personal.phone,
        language: personal.language,
        relation: personal.relation as VisitorRelation,
        specialNeeds: personal.specialNeeds,
        child: visit.child,
        arrivedAt: visit.arrivedAt.toISOString(),
      }));
    }),
  );
}
