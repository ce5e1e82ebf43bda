import { auditRowValues } from "@krisstod/audit";
import type { ContactChannel, Principal, ReceivingSide, VisitorSummary } from "@krisstod/contracts";
import type { DatabaseHandle } from "@krisstod/db";
import { InvalidError, NotFoundError, scrubErrors } from "@krisstod/http";
import { and, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { CountDelta } from "../centres/count-changes.ts";
import { audit, centreCountChanges, centres, visitorPersonalData, visitors } from "../db/schema.ts";
import { arrivalGroups } from "./arrival-group.ts";
import { visitorAccess } from "./audit-visitors.ts";
import { normalisePersonnummer, normalisePhone } from "./identity.ts";
import { $, run, statement } from "./statements.ts";
import {
  type Arrival,
  checkArrival,
  checkGuardian,
  type Registration,
  toSummary,
  type VisitorRow,
} from "./visitors.store.ts";

/** The centre fields an arrival is checked against, in this order (`values()` rows). */
const centreFields = {
  id: centres.id,
  incidentId: centres.incidentId,
  operator: centres.operator,
  posomOrganisationId: centres.posomOrganisationId,
  pklOrganisationId: centres.pklOrganisationId,
  status: centres.status,
} as const;
type CentreFields = { [K in keyof typeof centreFields]: (typeof centres.$inferSelect)[K] };

/** What records arrivals: visits and phone contacts alike (visitors.routes.ts). */
export type ArrivalRecorder = ReturnType<typeof createArrivalRecorder>;

/**
 * Arrivals, the hottest write of the system (a mass-casualty event at a PKL centre: 1,000 a second).
 * The service builds one recorder where it wires its routes and hands it to both the visits and the
 * phone contacts, so that they share one group commit (arrival-group.ts).
 *
 * The common arrival goes out in a group with the others arriving meanwhile, one statement
 * (arrival-group.ts). The rest (a child with a guardian to check, a refusal, a centre not open, a
 * group statement that failed) runs in a transaction (rare, so its four round trips are kept): `begin`; the
 * centre read; the visit, its personal data, its audit row and its count change, pipelined; `commit`. The statements are built
 * by drizzle once, at start (building them per request was a millisecond of CPU). The counts are
 * appended (centre_count_changes), not updated on the centre row, so arrivals at one centre do not
 * wait for each other's commit.
 */
export function createArrivalRecorder({ db, sql: pool }: DatabaseHandle) {
  const centreById = (lock: "key share" | "update") =>
    statement(
      db
        .select(centreFields)
        .from(centres)
        .where(eq(centres.id, $("centreId")))
        .for(lock),
    );
  const readCentre = centreById("key share");
  const lockCentre = centreById("update");
  const readGuardian = statement(
    db
      .select({
        child: visitors.child,
        registered: visitors.registered,
        departedAt: visitors.departedAt,
      })
      .from(visitors)
      .where(
        and(
          eq(visitors.id, $("guardianId")),
          eq(visitors.centreId, $("centreId")),
          eq(visitors.receivingOrganisationId, $("organisationId")),
        ),
      )
      .limit(1),
  );
  const insertVisitor = statement(
    db.insert(visitors).values({
      id: $("id"),
      centreId: $("centreId"),
      incidentId: $("incidentId"),
      receivedBy: $("receivedBy"),
      receivingOrganisationId: $("receivingOrganisationId"),
      registered: $("registered"),
      child: $("child"),
      childAge: $("childAge"),
      guardianVisitorId: $("guardianVisitorId"),
      channel: $("channel"),
      arrivedAt: $("arrivedAt"),
      departedAt: $("departedAt"),
    }),
  );
  const insertPersonalData = statement(
    db.insert(visitorPersonalData).values({
      visitorId: $("visitorId"),
      organisationId: $("organisationId"),
      incidentId: $("incidentId"),
      name: $("name"),
      personnummer: $("personnummer"),
      dateOfBirth: $("dateOfBirth"),
      phone: $("phone"),
      relation: $("relation"),
      lookingFor: $("lookingFor"),
      specialNeeds: $("specialNeeds"),
      language: $("language"),
      consentToFollowUp: $("consentToFollowUp"),
    }),
  );
  // The same row appendAudit writes (@krisstod/audit), one per registration.
  const insertAudit = statement(
    db.insert(audit.auditLog).values({
      at: $("at"),
      actorUserId: $("actorUserId"),
      actorOrganisationId: $("actorOrganisationId"),
      action: $("action"),
      subjectKind: $("subjectKind"),
      subjectId: $("subjectId"),
      subjectOrganisationId: $("subjectOrganisationId"),
      incidentId: $("incidentId"),
      reason: $("reason"),
    }),
  );
  const insertCountChange = statement(
    db.insert(centreCountChanges).values({
      centreId: $("centreId"),
      present: $("present"),
      total: $("total"),
      children: $("children"),
      registered: $("registered"),
      anonymous: $("anonymous"),
      unaccompaniedChildren: $("unaccompaniedChildren"),
      phoneContacts: $("phoneContacts"),
    }),
  );

  const readCentrePlain = statement(
    db
      .select(centreFields)
      .from(centres)
      .where(eq(centres.id, $("centreId"))),
  );
  /**
   * What never changes about a centre once created (incident, operator, its organisations), by id:
   * the checks of an arrival need them, and only the status can change under it, which the arrival's
   * statement itself looks at. Bounded; the oldest centre read goes first.
   */
  const knownCentres = new Map<string, CentreFields>();
  const centreFacts = async (centreId: string): Promise<CentreFields | undefined> => {
    const known = knownCentres.get(centreId);
    if (known) return known;
    const [values] = await run(pool, readCentrePlain, { centreId });
    const centre = centreOf(values);
    if (!centre) return undefined;
    if (knownCentres.size >= 1_000) knownCentres.delete(knownCentres.keys().next().value as string);
    knownCentres.set(centreId, centre);
    return centre;
  };

  const recordInGroup = arrivalGroups(pool);

  /**
   * One arrival. PKL registers every visitor; POSOM visitors may stay anonymous; in a joint centre
   * the rule of the receiving side applies. The visit, its personal data, the count change and the
   * audit row commit together; the occupancy clock publishes the counts later, at its next tick.
   */
  return async function recordArrival(
    principal: Principal,
    centreId: string,
    arrival: Arrival,
    /** A call to the telephone line is logged like a visit but not counted as present. */
    channel: ContactChannel = "in-person",
  ): Promise<VisitorSummary> {
    const registration = normalised(arrival.registration);
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
    return scrubErrors("recordArrival", async () => {
      if (!arrival.guardianVisitorId) {
        const arrived = await arriveInOneStatement(principal, centreId, arrival, registration, channel);
        if (arrived) return arrived;
      }
      // A transaction of postgres.js's own, not a reserved connection: a reservation waiting while
      // the database ends its connections may never be answered (porsager/postgres#1195), and a
      // transaction fails with its connection instead.
      return pool.begin(async (connection) => {
        // The centre is read under a FOR KEY SHARE lock, which arrivals share with each other: a
        // close (FOR UPDATE) waits until they commit and then counts them, and an arrival that
        // comes after the close sees the centre closed. A child arriving with a guardian locks the
        // centre exclusively instead (rare): the guardian's departure also takes that lock, so the
        // guardian cannot leave between the check and the commit.
        const guardianId = arrival.guardianVisitorId;
        const read = guardianId ? lockCentre : readCentre;
        const [centreRows, guardianRows] = await Promise.all([
          run(connection, read, { centreId }),
          guardianId
            ? run(connection, readGuardian, {
                guardianId,
                centreId,
                organisationId: principal.organisationId,
              })
            : Promise.resolve([]),
        ]);
        const centre = centreOf(centreRows[0]);
        if (!centre) throw new NotFoundError("No such support centre.");
        const { side, organisationId } = checkArrival(centre, principal, arrival.receivedBy, registration);
        if (guardianId) {
          const [child, registered, departedAt] = (guardianRows[0] ?? []) as [boolean, boolean, Date | null];
          checkGuardian(guardianRows[0] ? { child, registered, departedAt } : undefined);
        }

        const now = new Date();
        const row: VisitorRow = {
          id: uuidv7(),
          centreId: centre.id,
          incidentId: centre.incidentId,
          receivedBy: side,
          receivingOrganisationId: organisationId,
          registered: registration !== undefined,
          child: arrival.child !== undefined,
          childAge: arrival.child?.age ?? null,
          guardianVisitorId: guardianId ?? null,
          channel,
          arrivedAt: now,
          departedAt: channel === "phone" ? now : null,
        };
        const summary = toSummary(row);
        const writes: PromiseLike<unknown>[] = [run(connection, insertVisitor, row)];
        if (registration) {
          writes.push(
            run(connection, insertPersonalData, {
              ...registration,
              visitorId: row.id,
              organisationId,
              incidentId: centre.incidentId,
            }),
          );
          // Same transaction, so the audit row exists exactly when the registration does.
          const [entry] = visitorAccess(
            principal,
            "write",
            [{ id: row.id, incidentId: centre.incidentId, organisationId }],
            "registration",
          );
          if (entry) {
            writes.push(run(connection, insertAudit, auditRowValues(entry, now)));
          }
        }
        writes.push(run(connection, insertCountChange, countChangeOf(summary)));
        await Promise.all(writes);
        // A refused arrival or a failed statement throws: postgres.js rolls back, nothing stays.
        return summary;
      }) as Promise<VisitorSummary>;
    });
  };

  /**
   * The arrival in one statement with the others of its group, when everything but the centre's
   * status can be checked from what never changes about the centre; undefined when it cannot be
   * recorded that way (a refusal, the centre not open, the group's statement failed), and the caller
   * takes the transaction's way that says why.
   */
  async function arriveInOneStatement(
    principal: Principal,
    centreId: string,
    arrival: Arrival,
    registration: Registration | undefined,
    channel: ContactChannel,
  ): Promise<VisitorSummary | undefined> {
    const facts = await centreFacts(centreId);
    if (!facts) return undefined;
    let receiver: { side: ReceivingSide; organisationId: string };
    try {
      receiver = checkArrival({ ...facts, status: "open" }, principal, arrival.receivedBy, registration);
    } catch {
      return undefined;
    }
    const now = new Date();
    const row: VisitorRow = {
      id: uuidv7(),
      centreId: facts.id,
      incidentId: facts.incidentId,
      receivedBy: receiver.side,
      receivingOrganisationId: receiver.organisationId,
      registered: registration !== undefined,
      child: arrival.child !== undefined,
      childAge: arrival.child?.age ?? null,
      guardianVisitorId: null,
      channel,
      arrivedAt: now,
      departedAt: channel === "phone" ? now : null,
    };
    const summary = toSummary(row);
    const [entry] = visitorAccess(
      principal,
      "write",
      [{ id: row.id, incidentId: facts.incidentId, organisationId: receiver.organisationId }],
      "registration",
    );
    const { registered: registeredCount, ...counts } = countChangeOf(summary);
    const recorded = await recordInGroup({
      ...row,
      ...registration,
      ...counts,
      registeredCount,
      actorUserId: entry?.actor.userId ?? null,
      actorOrganisationId: entry?.actor.organisationId ?? null,
      action: entry?.action ?? null,
      subjectKind: entry?.subject.kind ?? null,
      reason: entry?.reason,
    });
    return recorded ? summary : undefined;
  }

  function centreOf(values: unknown[] | undefined): CentreFields | undefined {
    if (!values) return undefined;
    const [id, incidentId, operator, posomOrganisationId, pklOrganisationId, status] = values as string[];
    return {
      id: id as string,
      incidentId: incidentId as string,
      operator: operator as string,
      posomOrganisationId: posomOrganisationId ?? null,
      pklOrganisationId: pklOrganisationId ?? null,
      status: status as string,
    };
  }
}

function normalised(registration: Registration | undefined): Registration | undefined {
  if (!registration) return undefined;
  return {
    ...registration,
    personnummer: registration.personnummer
      ? normalisePersonnummer(registration.personnummer, "registration.personnummer")
      : undefined,
    phone: registration.phone ? normalisePhone(registration.phone, "registration.phone") : undefined,
  };
}

function countChangeOf(visit: VisitorSummary): Required<CountDelta> & { centreId: string } {
  const inPerson = visit.channel !== "phone";
  const one = (yes: boolean) => (yes ? 1 : 0);
  return {
    centreId: visit.centreId,
    present: one(inPerson),
    total: one(inPerson),
    children: one(inPerson && visit.child),
    registered: one(inPerson && visit.registered),
    anonymous: one(inPerson && !visit.registered),
    unaccompaniedChildren: one(inPerson && visit.unaccompanied),
    phoneContacts: one(!inPerson),
  };
}
