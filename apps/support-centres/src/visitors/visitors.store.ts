import { appendAudit } from "@krisstod/audit";
import type {
  ChildHandoverBody,
  ContactChannel,
  Principal,
  ReceivingSide,
  VisitorArrivalBody,
  VisitorDetails,
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
import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { CentreRow } from "../centres/centres.store.ts";
import { audit, centres, childHandovers, visitorPersonalData, visitors } from "../db/schema.ts";
import { type TouchedVisitor, visitorAccess } from "./audit-visitors.ts";
import { normalisePersonnummer, normalisePhone } from "./identity.ts";

type VisitorRow = typeof visitors.$inferSelect;
type PersonalDataRow = typeof visitorPersonalData.$inferSelect;

export interface Arrival {
  receivedBy?: ReceivingSide | undefined;
  child?: { age: number } | undefined;
  guardianVisitorId?: string | undefined;
  registration?: Registration | undefined;
}
type Registration = Omit<NonNullable<VisitorArrivalBody["registration"]>, "consentToFollowUp"> & {
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

async function findCentre(tx: Transaction, centreId: string): Promise<CentreRow> {
  const [centre] = await tx.select().from(centres).where(eq(centres.id, centreId)).limit(1);
  if (!centre) throw new NotFoundError("No such support centre.");
  return centre;
}

async function lockCentre(tx: Transaction, centreId: string): Promise<CentreRow> {
  const [centre] = await tx.select().from(centres).where(eq(centres.id, centreId)).for("update");
  if (!centre) throw new NotFoundError("No such support centre.");
  return centre;
}

/** Which side receives the visitor: implied by a single operator, named in a joint centre. */
function receivingSide(centre: CentreRow, requested: ReceivingSide | undefined): ReceivingSide {
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

function organisationOfSide(centre: CentreRow, side: ReceivingSide): string {
  const organisationId = side === "pkl" ? centre.pklOrganisationId : centre.posomOrganisationId;
  if (!organisationId) throw new Error(`centre ${centre.id} has no ${side} organisation`);
  return organisationId;
}

/**
 * Applies count changes to the centre row. Nothing is published here: other organisations see the
 * counts only as the occupancy clock publishes them (centres/occupancy-clock.ts).
 */
async function adjustCounts(
  tx: Transaction,
  centreId: string,
  delta: Partial<
    Record<
      | "present"
      | "total"
      | "children"
      | "registered"
      | "anonymous"
      | "unaccompaniedChildren"
      | "phoneContacts",
      number
    >
  >,
  /**
   * For an arrival, which read the centre without a lock: the UPDATE counts only while the centre
   * is open. A close that committed after the read makes it match no row (→ 409, the transaction
   * and its INSERTs roll back); a close waiting on this row sees the new `present` and refuses.
   */
  options: { onlyIfOpen?: boolean } = {},
): Promise<void> {
  const set = Object.fromEntries(
    Object.entries(delta)
      .filter(([, by]) => by !== 0)
      .map(([key, by]) => {
        const column = centres[key as keyof typeof delta];
        return [key, sql`${column} + ${by}`];
      }),
  );
  if (Object.keys(set).length === 0) return;
  const where = options.onlyIfOpen
    ? and(eq(centres.id, centreId), eq(centres.status, "open"))
    : eq(centres.id, centreId);
  const [row] = await tx.update(centres).set(set).where(where).returning();
  if (!row) {
    if (options.onlyIfOpen) throw new ConflictError("The centre is no longer open.", "centre-not-open");
    throw new Error("centre vanished while counting");
  }
}

/**
 * One arrival. PKL registers every visitor; POSOM visitors may stay anonymous; in a joint centre
 * the rule of the receiving side applies. The visit, its personal data, the counts and the audit
 * row commit together; the occupancy clock publishes the counts later, at its next tick.
 */
export async function recordArrival(
  db: Database,
  principal: Principal,
  centreId: string,
  arrival: Arrival,
  /** A call to the telephone line is logged like a visit but not counted as present. */
  channel: ContactChannel = "in-person",
): Promise<VisitorSummary> {
  const registration = arrival.registration
    ? {
        ...arrival.registration,
        personnummer: arrival.registration.personnummer
          ? normalisePersonnummer(arrival.registration.personnummer, "registration.personnummer")
          : undefined,
        phone: arrival.registration.phone
          ? normalisePhone(arrival.registration.phone, "registration.phone")
          : undefined,
      }
    : undefined;
  if (channel === "phone" && (arrival.child || arrival.guardianVisitorId)) {
    throw new InvalidError("A phone contact is a caller, not a child in the centre.", [
      { field: arrival.child ? "child" : "guardianVisitorId", message: "not for a phone contact" },
    ]);
  }
  if (arrival.guardianVisitorId && !arrival.child) {
    throw new InvalidError("Only a child is linked to a guardian.", [
      { field: "guardianVisitorId", message: "only for a child" },
    ]);
  }
  return scrubErrors("recordArrival", () =>
    db.transaction(async (tx) => {
      // Read, not locked: the checks below use what does not change while the centre is open
      // (operator, organisations, incident). The status is checked again by the counts UPDATE at the
      // end, which is the first moment the centre row is locked — so the row lock is held only for
      // that UPDATE and the commit, not for the visitor and audit INSERTs. A
      // child arriving with a guardian still locks first (rare): the guardian's departure also takes
      // the centre lock, so the guardian cannot leave between the check and the commit.
      const centre = arrival.guardianVisitorId
        ? await lockCentre(tx, centreId)
        : await findCentre(tx, centreId);
      const side = receivingSide(centre, arrival.receivedBy);
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
      if (arrival.guardianVisitorId)
        await findGuardian(tx, centre.id, organisationId, arrival.guardianVisitorId);

      const now = new Date();

      const [row] = await tx
        .insert(visitors)
        .values({
          id: uuidv7(),
          centreId: centre.id,
          incidentId: centre.incidentId,
          receivedBy: side,
          receivingOrganisationId: organisationId,
          registered: registration !== undefined,
          child: arrival.child !== undefined,
          childAge: arrival.child?.age ?? null,
          guardianVisitorId: arrival.guardianVisitorId ?? null,
          channel,
          arrivedAt: now,
          departedAt: channel === "phone" ? now : null,
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      if (registration) {
        await tx.insert(visitorPersonalData).values({
          visitorId: row.id,
          organisationId,
          incidentId: centre.incidentId,
          name: registration.name,
          personnummer: registration.personnummer ?? null,
          dateOfBirth: registration.dateOfBirth ?? null,
          phone: registration.phone ?? null,
          relation: registration.relation,
          lookingFor: registration.lookingFor ?? null,
          specialNeeds: registration.specialNeeds ?? null,
          language: registration.language ?? null,
          consentToFollowUp: registration.consentToFollowUp,
        });
      }
      // Same transaction, so the audit row exists exactly when the registration does. Before the
      // counts: appendAudit is one INSERT without a lock, so it belongs outside the centre row lock.
      if (registration) {
        await appendAudit(
          tx,
          audit,
          visitorAccess(
            principal,
            "write",
            [{ id: row.id, incidentId: centre.incidentId, organisationId }],
            "registration",
          ),
        );
      }
      await adjustCounts(
        tx,
        centre.id,
        channel === "phone"
          ? { phoneContacts: 1 }
          : {
              present: 1,
              total: 1,
              children: row.child ? 1 : 0,
              registered: row.registered ? 1 : 0,
              anonymous: row.registered ? 0 : 1,
              unaccompaniedChildren: isUnaccompanied(row) ? 1 : 0,
            },
        { onlyIfOpen: true },
      );
      return toSummary(row);
    }),
  );
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
  if (!guardian || guardian.child || !guardian.registered || guardian.departedAt) {
    throw new UnprocessableError("The guardian must be a registered adult present in this centre.", [
      { field: "guardianVisitorId", message: "not a registered adult present in this centre" },
    ]);
  }
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
      await adjustCounts(tx, centreId, { present: -1 });
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
      await adjustCounts(tx, centreId, { unaccompaniedChildren: isUnaccompanied(child) ? -1 : 0 });
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
): Promise<{ id: string; childVisitorId: string; handedOverAt: string; handedOverBy: string }> {
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
      await adjustCounts(tx, centreId, {
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
      await appendAudit(
        tx,
        audit,
        visitorAccess(principal, "read", rows.filter((row) => byVisitor.has(row.id)).map(visitorOf)),
      );
      return rows.map((row) => toDetails(row, byVisitor.get(row.id) ?? null));
    }),
  );
}
