import { type EventHandler, parseEventOrPoison } from "@krisstod/bus";
import { type EventOf, MutualAidDeployed, MutualAidReleased } from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { and, asc, eq, gte, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { z } from "zod";

const uuid = z.uuid();

import { deployments, people } from "../db/schema.ts";

type Db = Database | Transaction;

/** The durable consumer's name (shared by every replica). */
export const DEPLOYMENTS_CONSUMER = "roster-mutual-aid-deployments";

/**
 * Keeps `roster.deployments` from the activation service's mutual-aid events. Runs in the
 * consumer's transaction together with the inbox row, so a redelivered event has no second effect.
 * The envelope's organisation is the asking (receiving) organisation; `offeringOrganisationId` is
 * the people's home organisation.
 *
 * Deploy and release commute: a release that arrives before its deployment (an event retried out
 * of order) is kept as a released row without a deployment time, and the late deployment fills it
 * in instead of opening an access that was already closed.
 */
export const recordDeployment: EventHandler = async (tx, event) => {
  if (event.type === MutualAidDeployed.type) await deployed(tx, parseEventOrPoison(MutualAidDeployed, event));
  else if (event.type === MutualAidReleased.type)
    await released(tx, parseEventOrPoison(MutualAidReleased, event));
  // Requests, offers and acceptances name nobody: nothing to keep.
};

type Deployed = EventOf<typeof MutualAidDeployed>;
type Released = EventOf<typeof MutualAidReleased>;

async function deployed(tx: Transaction, event: Deployed): Promise<void> {
  const at = new Date(event.occurredAt);
  const { offerId, personIds } = event.data;
  for (const personId of personIds) {
    const [releasedEarlier] = await tx
      .update(deployments)
      .set({ deployedAt: at })
      .where(
        and(
          eq(deployments.offerId, offerId),
          eq(deployments.personId, personId),
          isNull(deployments.deployedAt),
          gte(deployments.releasedAt, at),
        ),
      )
      .returning({ id: deployments.id });
    if (releasedEarlier) continue;
    await tx.insert(deployments).values({
      id: uuidv7(),
      personId,
      homeOrganisationId: event.data.offeringOrganisationId,
      receivingOrganisationId: event.organisationId,
      requestId: event.data.requestId,
      offerId,
      deployedAt: at,
    });
  }
}

async function released(tx: Transaction, event: Released): Promise<void> {
  const at = new Date(event.occurredAt);
  const { offerId, personIds } = event.data;
  for (const personId of personIds) {
    const closed = await tx
      .update(deployments)
      .set({ releasedAt: at })
      .where(
        and(
          eq(deployments.offerId, offerId),
          eq(deployments.personId, personId),
          isNull(deployments.releasedAt),
          lte(deployments.deployedAt, at),
        ),
      )
      .returning({ id: deployments.id });
    if (closed.length > 0) continue;
    await tx.insert(deployments).values({
      id: uuidv7(),
      personId,
      homeOrganisationId: event.data.offeringOrganisationId,
      receivingOrganisationId: event.organisationId,
      requestId: event.data.requestId,
      offerId,
      deployedAt: null,
      releasedAt: at,
    });
  }
}

/** Where a person is deployed right now, and under which mutual-aid request. */
export interface Host {
  organisationId: string;
  requestId: string;
}

/**
 * The organisations each person is deployed to right now (deployed, not released), counting only
 * deployments from the person's own organisation: an event naming a person of another
 * organisation opens nothing.
 */
export async function activeHosts(
  db: Db,
  people: readonly { id: string; organisationId: string }[],
): Promise<Map<string, Host[]>> {
  const hosts = new Map<string, Host[]>();
  if (people.length === 0) return hosts;
  const homeOf = new Map(people.map((p) => [p.id, p.organisationId]));
  const rows = await db
    .select({
      personId: deployments.personId,
      homeOrganisationId: deployments.homeOrganisationId,
      organisationId: deployments.receivingOrganisationId,
      requestId: deployments.requestId,
    })
    .from(deployments)
    .where(
      and(
        inArray(deployments.personId, [...homeOf.keys()]),
        isNotNull(deployments.deployedAt),
        isNull(deployments.releasedAt),
      ),
    );
  for (const { personId, homeOrganisationId, organisationId, requestId } of rows) {
    if (homeOf.get(personId) !== homeOrganisationId) continue;
    hosts.set(personId, [...(hosts.get(personId) ?? []), { organisationId, requestId }]);
  }
  return hosts;
}

/** Why a host's lead reads the person's contact details, for the audit trail. */
export function hostReason(hosts: readonly Host[], organisationId: string): string | undefined {
  const host = hosts.find((h) => h.organisationId === organisationId);
  return host ? `mutual aid ${host.requestId}` : undefined;
}

/** The people deployed to this organisation right now (only those from their own organisation). */
export async function deployedTo(db: Db, receivingOrganisationId: string) {
  const active = await db
    .selectDistinct({
      personId: deployments.personId,
      homeOrganisationId: deployments.homeOrganisationId,
      requestId: deployments.requestId,
    })
    .from(deployments)
    .where(
      and(
        eq(deployments.receivingOrganisationId, receivingOrganisationId),
        isNotNull(deployments.deployedAt),
        isNull(deployments.releasedAt),
      ),
    );
  // Person ids come from another service; only roster ids (UUIDs) can name someone here.
  const ids = [...new Set(active.map((a) => a.personId))].filter((id) => uuid.safeParse(id).success);
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(people)
    .where(inArray(people.id, ids))
    .orderBy(asc(people.familyName), asc(people.givenName));
  return rows.flatMap((person) => {
    const deployment = active.find(
      (a) => a.personId === person.id && a.homeOrganisationId === person.organisationId,
    );
    return deployment ? [{ person, requestId: deployment.requestId }] : [];
  });
}
