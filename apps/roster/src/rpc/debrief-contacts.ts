import { serveRpc } from "@krisstod/bus";
import {
  DebriefContactsRequest,
  type DebriefContactsResponse,
  rosterRpc,
  subjects,
} from "@krisstod/contracts";
import type { ServiceContext } from "@krisstod/runtime";
import { inArray } from "drizzle-orm";
import { auditPeople } from "../audit.ts";
import { people } from "../db/schema.ts";

/** Who the audit trail names as reader: the activation service itself, not a person. */
const ACTIVATION_SERVICE = { userId: "service:activation", organisationId: "service:activation" };

/** Person ids in roster are UUIDs; anything else (a shift typed with a free id) is nobody here. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Laholm 3.7: "Efter att en POSOM-insats avslutats ska alla som deltagit i arbetet erbjudas
 * stödsamtal." The activation service sends the offers after an activation closed, when no
 * signed-in user is there to ask on behalf of; so this operation has no token check. Who may ask is
 * the NATS authorisation's business: only the activation service's identity may publish on this
 * subject (@krisstod/contracts busAccess). Every person's contact details read are audited.
 */
export function startDebriefContactsRpc(context: ServiceContext): () => Promise<void> {
  const { db } = context.database;
  const subscription = serveRpc({
    nc: context.nc,
    subject: subjects.rpc(context.env.NATS_NAMESPACE, "roster", rosterRpc.debriefContacts),
    queue: "roster",
    request: DebriefContactsRequest,
    logger: context.logger,
    handle: async (request): Promise<DebriefContactsResponse> => {
      const ids = request.personIds.filter((id) => UUID.test(id));
      if (ids.length === 0) return { contacts: [] };
      return db.transaction(async (tx) => {
        const rows = await tx
          .select({
            id: people.id,
            organisationId: people.organisationId,
            phones: people.phones,
            email: people.email,
          })
          .from(people)
          .where(inArray(people.id, ids));
        await auditPeople(tx, ACTIVATION_SERVICE, "read", rows, request.reason);
        return {
          contacts: rows.map((row) => ({
            personId: row.id,
            organisationId: row.organisationId,
            phones: row.phones,
            email: row.email,
          })),
        };
      });
    },
  });
  return () => subscription.drain();
}
