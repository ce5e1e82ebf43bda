import { createEvent, type Outbox } from "@krisstod/bus";
import type { Principal } from "@krisstod/contracts";
import {
  type Centre,
  CentreChanged,
  type CentreCounts,
  type CentreFunction,
  type CentreOperator,
  type CentrePartnership,
  type CentreStatus,
  type CreateCentreBody,
  type PartnershipStatus,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from "@krisstod/http";
import { and, desc, eq, or, type SQL } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import type { CentresCountySettings } from "../county-settings.ts";
import { centres, incidentLocations } from "../db/schema.ts";
import { municipalityAt } from "../municipalities.ts";
import { cooperationOf } from "./cooperation.ts";
import { lockCentreCounted, selectCentresCounted } from "./count-changes.ts";
import { shownOutside } from "./counts.ts";
import { distanceMetres } from "./geo.ts";

export type CentreRow = typeof centres.$inferSelect;

/** The organisations running a centre: its municipality's POSOM, its region's PKL, or both. */
export function operatorOrganisations(
  row: Pick<CentreRow, "posomOrganisationId" | "pklOrganisationId">,
): string[] {
  return [row.posomOrganisationId, row.pklOrganisationId].filter((id): id is string => id !== null);
}

export function isOperator(principal: Principal, row: CentreRow): boolean {
  return operatorOrganisations(row).includes(principal.organisationId);
}

/**
 * Need to know: a centre (place, functions, suppressed counts) is its county's business — every
 * organisation of that county sees it, and its operators wherever they are; another county's users
 * do not (they ask through mutual aid).
 */
export function mayReadCentre(principal: Principal, row: CentreRow): boolean {
  return row.countyCode === principal.countyCode || isOperator(principal, row);
}

export function countsOf(row: CentreRow): CentreCounts {
  return {
    present: row.present,
    total: row.total,
    children: row.children,
    registered: row.registered,
    anonymous: row.anonymous,
    unaccompaniedChildren: row.unaccompaniedChildren,
    phoneContacts: row.phoneContacts,
  };
}

/**
 * The centre as `viewer` may see it: exact, live counts for its operators; for everyone else what
 * the occupancy clock last published, and the tick it is of.
 */
export function toCentre(row: CentreRow, viewer: Principal): Centre {
  const exact = isOperator(viewer, row);
  return {
    id: row.id,
    incidentId: row.incidentId,
    countyCode: row.countyCode,
    operator: row.operator as CentreOperator,
    posomOrganisationId: row.posomOrganisationId,
    pklOrganisationId: row.pklOrganisationId,
    name: row.name,
    location: { lat: row.lat, lon: row.lon, ...(row.address ? { address: row.address } : {}) },
    functions: row.functions as CentreFunction[],
    capacity: row.capacity,
    openingHours: row.openingFrom && row.openingTo ? { from: row.openingFrom, to: row.openingTo } : null,
    status: row.status as CentreStatus,
    distanceFromIncidentMetres:
      row.distanceFromIncidentMetres === null ? null : Math.round(row.distanceFromIncidentMetres),
    placementWarning: row.placementWarning,
    openedAt: row.openedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    counts: exact ? countsOf(row) : shownOutside(row.publishedCounts),
    countsSuppressed: !exact,
    ...(exact ? {} : { countsAsOf: row.publishedAt?.toISOString() ?? null }),
    partnership: partnershipOf(row),
    cooperation: cooperationOf(row),
  };
}

/** The co-operator a joint centre names and its answer, or null when the centre names none. */
export function partnershipOf(row: CentreRow): CentrePartnership | null {
  if (!row.partnerOrganisationId || !row.partnership) return null;
  return {
    organisationId: row.partnerOrganisationId,
    status: row.partnership as PartnershipStatus,
    answeredAt: row.partnershipAnsweredAt?.toISOString() ?? null,
  };
}

type NewCentre = z.output<typeof CreateCentreBody>;

/**
 * Checks the place against the incident: refused when closer than the county's distance (a
 * centre is set up "in the vicinity, but not at the scene"), measured from the place as last
 * corrected, and refused for an incident that has been closed; when the incident's location has not
 * reached this service yet, accepted with a warning. An incident abroad has no scene here to keep
 * off: not measured.
 */
async function checkPlacement(
  db: Database,
  minimum: number,
  body: NewCentre,
): Promise<{ distance: number | null; warning: string | null }> {
  const [incident] = await db
    .select()
    .from(incidentLocations)
    .where(eq(incidentLocations.incidentId, body.incidentId))
    .limit(1);
  if (!incident) {
    return {
      distance: null,
      warning: "The incident's location is not known yet; distance to the scene not checked.",
    };
  }
  if (incident.status === "closed") {
    throw new ConflictError("The incident is closed; no new centre is opened for it.", "incident-closed");
  }
  requireAffectedMunicipality(incident, body);
  // Abroad, the scene is elsewhere: the centre is where those affected live (Laholm 1.2).
  if (incident.abroad) return { distance: null, warning: null };
  const distance = distanceMetres(incident, body.location);
  if (distance < minimum) {
    throw new UnprocessableError(
      `A support centre must not be at the scene: this place is ${Math.round(distance)} m from the incident, the minimum is ${minimum} m.`,
      [{ field: "location", message: `closer than ${minimum} m to the incident` }],
    );
  }
  return { distance, warning: null };
}

/**
 * Halland: "Stödcentrum kan etableras av både POSOM och PKL i drabbad kommun". A POSOM centre is
 * opened by a municipality the incident affects (anywhere near, also across its border: "i
 * närområdet"), or in a municipality it affects: a neighbour's POSOM called in when the affected
 * one's cannot be reached (Laholm 3.1: "aktiveras Halmstads eller Båstads POSOM") opens it there.
 * The region's PKL opens its centres at its hospitals, wherever they are. An incident that affects
 * more municipalities than it first said is updated first (the incident form), which this service
 * learns from `incident.updated`; one known from before the affected municipalities were kept here
 * (none recorded) is not held to it.
 */
function requireAffectedMunicipality(
  incident: { affectedMunicipalities: readonly string[] },
  body: Pick<NewCentre, "posomOrganisationId" | "location">,
): void {
  const affected = incident.affectedMunicipalities;
  if (!body.posomOrganisationId || affected.length === 0) return;
  if (affected.includes(body.posomOrganisationId.replace(/^kommun-/, ""))) return;
  const at = municipalityAt(body.location);
  if (at && affected.includes(at)) return;
  throw new UnprocessableError(
    `${body.posomOrganisationId} is not among the municipalities the incident affects ` +
      `(${affected.join(", ")}), and the place is not in one of them: a support centre is set up in ` +
      "an affected municipality. If the incident affects yours too, add it to the incident first.",
    [{ field: "posomOrganisationId", message: "not a municipality the incident affects" }],
    "municipality-not-affected",
  );
}

export async function createCentre(
  db: Database,
  outbox: Outbox,
  county: CentresCountySettings,
  principal: Principal,
  body: NewCentre,
): Promise<Centre> {
  const operators = [body.posomOrganisationId, body.pklOrganisationId].filter(Boolean);
  if (!operators.includes(principal.organisationId)) {
    throw new ForbiddenError(
      "A centre can only be opened by an organisation that runs it.",
      "not-centre-operator",
    );
  }
  // A municipality's lead opens POSOM centres, the region's leads PKL ones.
  const side = principal.organisationId === body.pklOrganisationId ? "pkl" : "posom";
  const sideRoles = side === "pkl" ? ["pkl-lead", "region-tib"] : ["posom-lead"];
  if (!principal.roles.some((role) => sideRoles.includes(role))) {
    throw new ForbiddenError(
      `Opening a centre for ${side.toUpperCase()} needs the role ${sideRoles.join(" or ")}.`,
    );
  }
  // The distance is the county's setting (300 m unless it set another): not in the guideline.
  const { centreMinDistanceFromIncidentM } = await county.get(db, principal.countyCode);
  const placement = await checkPlacement(db, centreMinDistanceFromIncidentM, body);
  // A joint centre naming another organisation as co-operator waits for its acceptance.
  const partner = operators.find((id) => id !== principal.organisationId) ?? null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(centres)
      .values({
        id: uuidv7(),
        incidentId: body.incidentId,
        countyCode: principal.countyCode,
        operator: body.operator,
        posomOrganisationId: body.posomOrganisationId ?? null,
        pklOrganisationId: body.pklOrganisationId ?? null,
        name: body.name,
        address: body.location.address ?? null,
        lat: body.location.lat,
        lon: body.location.lon,
        functions: body.functions,
        capacity: body.capacity,
        openingFrom: body.openingHours?.from ?? null,
        openingTo: body.openingHours?.to ?? null,
        status: "planned",
        distanceFromIncidentMetres: placement.distance,
        placementWarning: placement.warning,
        createdBy: principal.userId,
        partnerOrganisationId: partner,
        partnership: partner ? "pending" : null,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await enqueueCentreChanged(tx, outbox, row);
    return toCentre(row, principal);
  });
}

async function enqueueCentreChanged(tx: Transaction, outbox: Outbox, row: CentreRow): Promise<void> {
  await outbox.enqueue(
    tx,
    createEvent(CentreChanged, {
      organisationId: row.posomOrganisationId ?? row.pklOrganisationId ?? "unknown",
      countyCode: row.countyCode,
      aggregateId: row.id,
      data: {
        centreId: row.id,
        incidentId: row.incidentId,
        operator: row.operator as CentreOperator,
        operatorOrganisationIds: operatorOrganisations(row),
        name: row.name,
        location: { lat: row.lat, lon: row.lon, ...(row.address ? { address: row.address } : {}) },
        functions: row.functions as CentreFunction[],
        capacity: row.capacity,
        status: row.status as CentreStatus,
        partnership: partnershipOf(row),
      },
    }),
  );
}

export async function findCentreRow(db: Database | Transaction, id: string): Promise<CentreRow> {
  const [row] = await selectCentresCounted(db).where(eq(centres.id, id)).limit(1);
  if (!row) throw new NotFoundError("No such support centre.");
  return row;
}

/** Loads the centre for an operator's action; others get 403 (they may know it exists: counts are public). */
/** Loads a centre the principal may read (own county or operator); 403 otherwise. */
export async function findReadableCentre(db: Database | Transaction, principal: Principal, id: string) {
  const row = await findCentreRow(db, id);
  if (!mayReadCentre(principal, row)) {
    throw new ForbiddenError("This centre belongs to another county.", "other-county");
  }
  return row;
}

export async function findOperatedCentre(db: Database | Transaction, principal: Principal, id: string) {
  const row = await findCentreRow(db, id);
  if (!isOperator(principal, row))
    throw new ForbiddenError("Your organisation does not run this centre.", "not-centre-operator");
  return row;
}

export async function listCentres(
  db: Database,
  principal: Principal,
  filter: {
    incidentId?: string | undefined;
    status?: CentreStatus | undefined;
    countyCode?: string | undefined;
  },
): Promise<Centre[]> {
  if (filter.countyCode && filter.countyCode !== principal.countyCode) {
    throw new ForbiddenError(
      `You see county ${principal.countyCode}, not ${filter.countyCode}.`,
      "other-county",
    );
  }
  const conditions: SQL[] = [
    // Own county, or a centre the principal's organisation runs (see mayReadCentre).
    or(
      eq(centres.countyCode, principal.countyCode),
      eq(centres.posomOrganisationId, principal.organisationId),
      eq(centres.pklOrganisationId, principal.organisationId),
    ) as SQL,
  ];
  if (filter.incidentId) conditions.push(eq(centres.incidentId, filter.incidentId));
  if (filter.status) conditions.push(eq(centres.status, filter.status));
  if (filter.countyCode) conditions.push(eq(centres.countyCode, filter.countyCode));
  const rows = await selectCentresCounted(db)
    .where(and(...conditions))
    .orderBy(desc(centres.createdAt))
    .limit(500);
  return rows.map((row) => toCentre(row, principal));
}

const NEXT: Record<"open" | "close", { from: CentreStatus[]; to: CentreStatus }> = {
  open: { from: ["planned"], to: "open" },
  close: { from: ["planned", "open"], to: "closed" },
};

/** planned → open → closed (a planned centre may also be called off). */
export async function changeStatus(
  db: Database,
  outbox: Outbox,
  principal: Principal,
  id: string,
  transition: "open" | "close",
): Promise<Centre> {
  return db.transaction(async (tx) => {
    const current = await lockCentreCounted(tx, id);
    if (!current) throw new NotFoundError("No such support centre.");
    if (!isOperator(principal, current))
      throw new ForbiddenError("Your organisation does not run this centre.", "not-centre-operator");
    const step = NEXT[transition];
    if (!step.from.includes(current.status as CentreStatus)) {
      throw new ConflictError(
        `A ${current.status} centre cannot be ${transition === "open" ? "opened" : "closed"}.`,
        "centre-wrong-status",
      );
    }
    if (transition === "open" && current.partnership !== null && current.partnership !== "accepted") {
      throw new ConflictError(
        current.partnership === "declined"
          ? `${current.partnerOrganisationId} declined to run this centre jointly; it cannot open as planned.`
          : `${current.partnerOrganisationId} has not yet accepted to run this centre jointly.`,
        "partner-not-accepted",
      );
    }
    if (transition === "close" && current.present > 0) {
      throw new ConflictError(
        `${current.present} visitors are still in the centre; record their departure first.`,
        "visitors-still-present",
      );
    }
    const now = new Date();
    const [row] = await tx
      .update(centres)
      .set(transition === "open" ? { status: step.to, openedAt: now } : { status: step.to, closedAt: now })
      .where(eq(centres.id, id))
      .returning();
    if (!row) throw new Error("update returned no row");
    await enqueueCentreChanged(tx, outbox, row);
    return toCentre(row, principal);
  });
}

/**
 * The co-operator named on a joint centre accepts or declines running it, once: only that
 * organisation's leads on its side (PKL: pkl-lead or region-tib; POSOM: posom-lead). The answer
 * and a centre.changed event commit together.
 */
export async function answerPartnership(
  db: Database,
  outbox: Outbox,
  principal: Principal,
  id: string,
  answer: "accept" | "decline",
): Promise<Centre> {
  return db.transaction(async (tx) => {
    const current = await lockCentreCounted(tx, id);
    if (!current) throw new NotFoundError("No such support centre.");
    if (!current.partnerOrganisationId || current.partnerOrganisationId !== principal.organisationId) {
      throw new ForbiddenError(
        "Your organisation is not named as this centre's co-operator.",
        "not-centre-partner",
      );
    }
    const sideRoles =
      current.partnerOrganisationId === current.pklOrganisationId
        ? ["pkl-lead", "region-tib"]
        : ["posom-lead"];
    if (!principal.roles.some((role) => sideRoles.includes(role))) {
      throw new ForbiddenError(`Answering for your organisation needs the role ${sideRoles.join(" or ")}.`);
    }
    if (current.partnership !== "pending") {
      throw new ConflictError(
        `Your organisation has already ${current.partnership} this centre.`,
        "partnership-answered",
      );
    }
    if (current.status === "closed") throw new ConflictError("The centre is closed.", "centre-closed");
    const [row] = await tx
      .update(centres)
      .set({
        partnership: answer === "accept" ? "accepted" : "declined",
        partnershipAnsweredAt: new Date(),
        partnershipAnsweredBy: principal.userId,
      })
      .where(eq(centres.id, id))
      .returning();
    if (!row) throw new Error("update returned no row");
    await enqueueCentreChanged(tx, outbox, row);
    return toCentre(row, principal);
  });
}
