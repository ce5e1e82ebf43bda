import { appendAudit } from "@krisstod/audit";
import type {
  ChildHandover,
  ChildHandoverBody,
  ContactChannel,
  Principal,
  ReceivingSide,
  ReferralDestination,
  VisitorArrivalBody,
  VisitorDetails,
  VisitorReferral,
  VisitorRelation,
  VisitorSummary,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  scrubErrors,
  UnprocessableError,
} from "@krisstod/http";
import { and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { CentreRow } from "../centres/centres.store.ts";
import { recordCountChange } from "../centres/count-changes.ts";
import {
  audit,
  centres,
  childHandovers,
  visitorPersonalData,
  visitorReferrals,
  visitors,
} from "../db/schema.ts";
import { type TouchedVisitor, visitorAccess } from "./audit-visitors.ts";

export type VisitorRow = typeof visitors.$inferSelect;
type PersonalDataRow = typeof visitorPersonalData.$inferSelect;

export interface Arrival {
  receivedBy?: ReceivingSide | undefined;
  child?: { age: number } | undefined;
  guardianVisitorId?: string | undefined;
  registration?: Registration | undefined;
}
export type Registration = Omit<NonNullable<VisitorArrivalBody["registration"]>, "consentToFollowUp"> & {
  consentToFollowUp: boolean;
};

export { actorOf } from "./audit-visitors.ts";

/** A visitor row as the audit names it: the receiving organisation holds the data. */
export function visitorOf(row: VisitorRow): TouchedVisitor {
  return { id: row.id, incidentId: row.incidentId, organisationId: row.receivingOrganisationId };
}

export function toSummary(row: VisitorRow): VisitorSummary {
  return {
    id: row.id,
    centreId: row.centreId,
    channel: row.channel as ContactChannel,
    receivedBy: row.receivedBy as ReceivingSide,
    registered: row.registered,
    child: row.child,
    childAge: row.childAge,
    guardianVisitorId: row.guardianVisitorId,
    unaccompanied: isUnaccompanied(row),
    arrivedAt: row.arrivedAt.toISOString(),
    departedAt: row.departedAt?.toISOString() ?? null,
  };
}

function isUnaccompanied(row: Pick<VisitorRow, "child" | "guardianVisitorId" | "departedAt">): boolean {
  return row.child && row.guardianVisitorId === null && row.departedAt === null;
}

async function lockCentre(tx: Transaction, centreId: string): Promise<void> {
  const [centre] = await tx
    .select({ id: centres.id })
    .from(centres)
    .where(eq(centres.id, centreId))
    .for("update");
  if (!centre) throw new NotFoundError("No such support centre.");
}

/** Which side receives the visitor: implied by a single operator, named in a joint centre. */
function receivingSide(centre: ArrivalCentre, requested: ReceivingSide | undefined): ReceivingSide {
  if (centre.operator === "joint") {
    if (!requested) {
      throw new InvalidError("In a joint centre, say who receives the visitor.", [
        { field: "receivedBy", message: "required in a joint POSOM/PKL centre" },
      ]);
    }
    return requested;
  }
  const side = centre.operator as ReceivingSide;
  if (requested && requested !== side) {
    throw new InvalidError(`This centre is run by ${side.toUpperCase()} only.`, [
      { field: "receivedBy", message: `must be ${side} in this centre` },
    ]);
  }
  return side;
}

function organisationOfSide(centre: ArrivalCentre, side: ReceivingSide): string {
  const organisationId = side === "pkl" ? centre.pklOrganisationId : centre.posomOrganisationId;
  if (!organisationId) throw new Error(`centre ${centre.id} has no ${side} organisation`);
  return organisationId;
}

/** What an arrival is checked against: what does not change while the centre is open, and its status. */
export type ArrivalCentre = Pick<
  CentreRow,
  "id" | "incidentId" | "operator" | "posomOrganisationId" | "pklOrganisationId" | "status"
>;

/**
 * May `principal` record this arrival here: the receiving side (PKL registers every visitor, POSOM
 * visitors may stay anonymous, in a joint centre the receiving side's rule), its organisation must
 * be the principal's, and the centre must be open. Returns who receives the visitor.
 */
export function checkArrival(
  centre: ArrivalCentre,
  principal: Principal,
  requested: ReceivingSide | undefined,
  registration: Registration | undefined,
): { side: ReceivingSide; organisationId: string } {
  const side = receivingSide(centre, requested);
  const organisationId = organisationOfSide(centre, side);
  if (principal.organisationId !== organisationId) {
    throw new ForbiddenError(
      `Visitors received by ${side.toUpperCase()} here are registered by ${organisationId}.`,
    );
  }
  if (centre.status !== "open")
    throw new ConflictError(`The centre is ${centre.status}, not open.`, "centre-not-open");
  if (side === "pkl" && !registration) {
    throw new UnprocessableError(
      "PKL registers every visitor; this arrival has no registration.",
      [{ field: "registration", message: "required when PKL receives the visitor" }],
      "pkl-registers-every-visitor",
    );
  }
  return { side, organisationId };
}

/** A guardian is a registered adult in the same centre, received by the same organisation, still there. */
export function checkGuardian(
  guardian: Pick<VisitorRow, "child" | "registered" | "departedAt"> | undefined,
): void {
  if (!guardian || guardian.child || !guardian.registered || guardian.departedAt) {
    throw new UnprocessableError("The guardian must be a registered adult present in this centre.", [
      { field: "guardianVisitorId", message: "not a registered adult present in this centre" },
    ]);
  }
}

/** A guardian is a registered adult in the same centre, received by the same organisation, still there. */
async function findGuardian(tx: Transaction, centreId: string, organisationId: string, id: string) {
  const [guardian] = await tx
    .select()
    .from(visitors)
    .where(
      and(
        eq(visitors.id, id),
        eq(visitors.centreId, centreId),
        eq(visitors.receivingOrganisationId, organisationId),
      ),
    )
    .limit(1);
  checkGuardian(guardian);
  return guardian;
}

/** Loads a visitor of this centre for the organisation that received it; 404 / 403 otherwise. */
export async function findOwnVisitor(
  tx: Transaction,
  principal: Principal,
  centreId: string,
  visitorId: string,
  lock = false,
): Promise<VisitorRow> {
  const query = tx
    .select()
    .from(visitors)
    .where(and(eq(visitors.id, visitorId), eq(visitors.centreId, centreId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("No such visitor in this centre.");
  if (row.receivingOrganisationId !== principal.organisationId) {
    throw new ForbiddenError(
      "This visitor was received by another organisation.",
      "other-organisations-visitor",
    );
  }
  return row;
}

export async function recordDeparture(
  db: Database,
  principal: Principal,
  centreId: string,
  visitorId: string,
): Promise<VisitorSummary> {
  return scrubErrors("recordDeparture", () =>
    db.transaction(async (tx) => {
      await lockCentre(tx, centreId);
      const row = await findOwnVisitor(tx, principal, centreId, visitorId, true);
      if (row.departedAt) throw new ConflictError("This visitor has already left.", "visitor-already-left");
      if (row.child)
        throw new ConflictError(
          "A child leaves through a logged handover (…/handovers).",
          "child-leaves-by-handover",
        );
      const [updated] = await tx
        .update(visitors)
        .set({ departedAt: new Date() })
        .where(eq(visitors.id, row.id))
        .returning();
      if (!updated) throw new Error("update returned no row");
      await recordCountChange(tx, centreId, { present: -1 });
      return toSummary(updated);
    }),
  );
}

export async function linkGuardian(
  db: Database,
  principal: Principal,
  centreId: string,
  childId: string,
  guardianId: string,
): Promise<VisitorSummary> {
  return scrubErrors("linkGuardian", () =>
    db.transaction(async (tx) => {
      await lockCentre(tx, centreId);
      const child = await findOwnVisitor(tx, principal, centreId, childId, true);
      if (!child.child) throw new ConflictError("Only a child is linked to a guardian.");
      if (child.departedAt) throw new ConflictError("This child has already left the centre.");
      await findGuardian(tx, centreId, principal.organisationId, guardianId);
      const [updated] = await tx
        .update(visitors)
        .set({ guardianVisitorId: guardianId })
        .where(eq(visitors.id, child.id))
        .returning();
      if (!updated) throw new Error("update returned no row");
      await recordCountChange(tx, centreId, { unaccompaniedChildren: isUnaccompanied(child) ? -1 : 0 });
      return toSummary(updated);
    }),
  );
}

/** A child leaves with someone: to whom, checked how, by whom, logged; the child is counted out. */
export async function handOverChild(
  db: Database,
  principal: Principal,
  centreId: string,
  childId: string,
  handover: ChildHandoverBody,
): Promise<ChildHandover> {
  return scrubErrors("handOverChild", () =>
    db.transaction(async (tx) => {
      await lockCentre(tx, centreId);
      const child = await findOwnVisitor(tx, principal, centreId, childId, true);
      if (!child.child)
        throw new ConflictError("Handovers are for children; record an adult's departure instead.");
      if (child.departedAt) throw new ConflictError("This child has already been handed over.");
      const now = new Date();
      const id = uuidv7();
      await tx.insert(childHandovers).values({
        id,
        childVisitorId: child.id,
        centreId,
        organisationId: principal.organisationId,
        handedToName: handover.handedToName,
        handedToRelation: handover.handedToRelation,
        verifiedHow: handover.verifiedHow,
        verificationNote: handover.verificationNote ?? null,
        handedOverByUserId: principal.userId,
        handedOverByName: principal.name,
        handedOverAt: now,
      });
      await tx.update(visitors).set({ departedAt: now }).where(eq(visitors.id, child.id));
      await appendAudit(tx, audit, visitorAccess(principal, "write", [visitorOf(child)], "child handover"));
      await recordCountChange(tx, centreId, {
        present: -1,
        unaccompaniedChildren: isUnaccompanied(child) ? -1 : 0,
      });
      return { id, childVisitorId: child.id, handedOverAt: now.toISOString(), handedOverBy: principal.name };
    }),
  );
}

export function toDetails(row: VisitorRow, personal: PersonalDataRow | null): VisitorDetails {
  return {
    ...toSummary(row),
    registration: personal
      ? {
          name: personal.name,
          personnummer: personal.personnummer,
          dateOfBirth: personal.dateOfBirth,
          phone: personal.phone,
          relation: personal.relation as VisitorRelation,
          lookingFor: personal.lookingFor,
          specialNeeds: personal.specialNeeds,
          language: personal.language,
          consentToFollowUp: personal.consentToFollowUp,
        }
      : null,
  };
}

/** One visitor with personal data, for the receiving organisation; the read and its audit row commit together. */
export async function readVisitor(
  db: Database,
  principal: Principal,
  centreId: string,
  visitorId: string,
): Promise<VisitorDetails> {
  return scrubErrors("readVisitor", () =>
    db.transaction(async (tx) => {
      const row = await findOwnVisitor(tx, principal, centreId, visitorId);
      const [personal] = await tx
        .select()
        .from(visitorPersonalData)
        .where(eq(visitorPersonalData.visitorId, row.id))
        .limit(1);
      await appendAudit(tx, audit, visitorAccess(principal, "read", [visitorOf(row)]));
      return toDetails(row, personal ?? null);
    }),
  );
}

type VisitorFilter = { present?: boolean | undefined; unaccompanied?: boolean | undefined };

function visitorRows(
  db: Database | Transaction,
  principal: Principal,
  centreId: string,
  filter: VisitorFilter,
) {
  const conditions: SQL[] = [
    eq(visitors.centreId, centreId),
    eq(visitors.receivingOrganisationId, principal.organisationId),
  ];
  if (filter.present || filter.unaccompanied) conditions.push(isNull(visitors.departedAt));
  if (filter.unaccompanied) conditions.push(eq(visitors.child, true), isNull(visitors.guardianVisitorId));
  return db
    .select()
    .from(visitors)
    .where(and(...conditions))
    .orderBy(asc(visitors.arrivedAt))
    .limit(5_000);
}

/** The centre's screen: the principal's organisation's visitors, no personal data. */
export async function listVisitors(
  db: Database,
  principal: Principal,
  centreId: string,
  filter: VisitorFilter,
): Promise<VisitorSummary[]> {
  return (await visitorRows(db, principal, centreId, filter)).map(toSummary);
}

/**
 * The same list with each registered visitor's personal data, for the staff who must tell people
 * apart (who is still here, who has left): every record with personal data shown is one audited
 * read, in the same transaction as the read.
 */
export async function listVisitorDetails(
  db: Database,
  principal: Principal,
  centreId: string,
  filter: VisitorFilter,
): Promise<VisitorDetails[]> {
  return scrubErrors("listVisitorDetails", () =>
    db.transaction(async (tx) => {
      const rows = await visitorRows(tx, principal, centreId, filter);
      const ids = rows.map((row) => row.id);
      const personal =
        ids.length === 0
          ? []
          : await tx.select().from(visitorPersonalData).where(inArray(visitorPersonalData.visitorId, ids));
      const byVisitor = new Map(personal.map((p) => [p.visitorId, p]));
      const referrals =
        ids.length === 0
          ? []
          : await tx
              .select({ visitorId: visitorReferrals.visitorId, destination: visitorReferrals.destination })
              .from(visitorReferrals)
              .where(inArray(visitorReferrals.visitorId, ids))
              .orderBy(asc(visitorReferrals.referredAt));
      await appendAudit(
        tx,
        audit,
        visitorAccess(principal, "read", rows.filter((row) => byVisitor.has(row.id)).map(visitorOf)),
      );
      return rows.map((row) => ({
        ...toDetails(row, byVisitor.get(row.id) ?? null),
        referredTo: referrals.filter((r) => r.visitorId === row.id).map((r) => r.destination),
      }));
    }),
  );
}

/**
 * A visitor referred on to another service, by the staff of the organisation that received them
 * (a write about the visitor: audited in the same transaction). A visitor may be referred to several.
 */
export async function referVisitor(
  db: Database,
  principal: Principal,
  centreId: string,
  visitorId: string,
  to: ReferralDestination,
): Promise<VisitorReferral> {
  return scrubErrors("referVisitor", () =>
    db.transaction(async (tx) => {
      const visitor = await findOwnVisitor(tx, principal, centreId, visitorId);
      const now = new Date();
      const id = uuidv7();
      await tx.insert(visitorReferrals).values({
        id,
        visitorId: visitor.id,
        centreId,
        organisationId: principal.organisationId,
        destination: to,
        referredByUserId: principal.userId,
        referredByName: principal.name,
        referredAt: now,
      });
      await appendAudit(tx, audit, visitorAccess(principal, "write", [visitorOf(visitor)], "referral"));
      return { id, visitorId: visitor.id, to, referredAt: now.toISOString(), referredBy: principal.name };
    }),
  );
}
