import {
  type Centre,
  type CentreCooperation,
  CooperationPartner,
  type CooperationStatus,
  type Principal,
} from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError } from "@krisstod/http";
import { eq } from "drizzle-orm";
import { centres } from "../db/schema.ts";
import { findCentreRow, findOperatedCentre, toCentre } from "./centres.store.ts";

type CentreRow = typeof centres.$inferSelect;
type Recorded = Partial<Record<CooperationPartner, { status: CooperationStatus; recordedAt: string }>>;

/**
 * Halland, Stödcentrum: "Det är viktigt att beakta behov av samverkan med Polismyndigheten,
 * trossamfund, frivilligorganisationer och andra berörda aktörer när stödcentrum etableras." An open
 * (or closed) centre lists each as a prompt, with what the operator recorded; faith communities are
 * reached through Länsstyrelsen's TiB ("Kontakter med trossamfund kan fås via Länsstyrelsens TiB").
 */
export function cooperationOf(row: CentreRow): CentreCooperation[] {
  if (!row.openedAt) return [];
  const recorded = (row.cooperation ?? {}) as Recorded;
  return CooperationPartner.options.map((partner) => ({
    partner,
    status: recorded[partner]?.status ?? "to-consider",
    contactRoute: partner === "faith-communities" ? "lansstyrelsen-tib" : "direct",
    recordedAt: recorded[partner]?.recordedAt ?? null,
  }));
}

/** The operator records a partner as contacted or not needed (once the centre has opened). */
export async function recordCooperation(
  db: Database,
  principal: Principal,
  centreId: string,
  partner: CooperationPartner,
  status: Exclude<CooperationStatus, "to-consider">,
  now = new Date(),
): Promise<Centre> {
  const row = await findOperatedCentre(db, principal, centreId);
  if (!row.openedAt) throw new ConflictError("Cooperation is recorded once the centre has opened.");
  const cooperation: Recorded = {
    ...((row.cooperation ?? {}) as Recorded),
    [partner]: { status, recordedAt: now.toISOString() },
  };
  await db.update(centres).set({ cooperation }).where(eq(centres.id, centreId));
  // Read again for the counts with their pending changes (count-changes.ts).
  return toCentre(await findCentreRow(db, centreId), principal);
}
