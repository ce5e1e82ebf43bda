import { RpcRefusedError, serveRpc } from "@krisstod/bus";
import {
  AuthorisedActivatorsRequest,
  type AuthorisedActivatorsResponse,
  CallListRequest,
  type CallListResponse,
  type RosterRole,
  rosterRpc,
  subjects,
} from "@krisstod/contracts";
import type { ServiceContext } from "@krisstod/runtime";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { auditContacts } from "../audit.ts";
import { people } from "../db/schema.ts";
import { requireOrganisation } from "../organisations/organisations.store.ts";
import { callListNow } from "../people/call-lists.store.ts";
import { rpcCaller } from "./caller.ts";
import { startDebriefContactsRpc } from "./debrief-contacts.ts";
import { startLanguageRpc } from "./languages.ts";

/**
 * Request/reply for the other services (activation asks at decision time): the call list now, and
 * who may activate. An unknown organisation is a failed request, never an empty list that would
 * look like "nobody to call". Each is answered on behalf of the signed-in person whose access
 * token the request carries (verified here, see caller.ts); reading the call list's contact
 * details is audited under that person.
 */
export async function startRosterRpc(context: ServiceContext): Promise<() => Promise<void>> {
  const { db } = context.database;
  const ns = context.env.NATS_NAMESPACE;
  const callList = serveRpc({
    nc: context.nc,
    subject: subjects.rpc(ns, "roster", rosterRpc.callList),
    queue: "roster",
    request: CallListRequest,
    logger: context.logger,
    caller: rpcCaller(context),
    handle: async (request, caller): Promise<CallListResponse> => {
      const organisation = await requireOrganisation(db, request.organisationId);
      // Who activates is checked by activation; roster hands phones only within the county, or to
      // a neighbour asking for its fallback group (which may be across the county border).
      const neighbourly =
        organisation.neighbours.includes(caller.organisationId) ||
        (await requireOrganisation(db, caller.organisationId).then(
          (own) => own.neighbours.includes(organisation.id),
          () => false,
        ));
      if (caller.countyCode !== organisation.countyCode && !neighbourly) {
        throw new RpcRefusedError(
          `call list: ${caller.userId} of ${caller.organisationId} may not read ${organisation.id}'s call list`,
        );
      }
      return db.transaction(async (tx) => {
        const now = await callListNow(
          tx,
          organisation.id,
          request.group,
          request.at ? new Date(request.at) : new Date(),
        );
        await auditContacts(
          tx,
          caller,
          "read",
          now.entries.map((entry) => ({ id: entry.personId, organisationId: organisation.id })),
          `call list for an activation (${request.group})`,
        );
        return { ...now, neighbours: organisation.neighbours };
      });
    },
  });
  const activators = serveRpc({
    nc: context.nc,
    subject: subjects.rpc(ns, "roster", rosterRpc.activators),
    queue: "roster",
    request: AuthorisedActivatorsRequest,
    logger: context.logger,
    caller: rpcCaller(context),
    handle: async (request, caller): Promise<AuthorisedActivatorsResponse> => {
      // "Who is signed in" is asked about the caller only: a body naming someone else is refused.
      if (request.loginSubject !== undefined && request.loginSubject !== caller.userId) {
        throw new RpcRefusedError(
          `authorised activators: asked about ${request.loginSubject}, but the caller is ${caller.userId}`,
        );
      }
      const organisation = await requireOrganisation(db, request.organisationId);
      const holders = await db
        .select()
        .from(people)
        .where(
          and(
            eq(people.organisationId, organisation.id),
            eq(people.active, true),
            isNotNull(people.activatorFunctionId),
          ),
        )
        .orderBy(asc(people.familyName));
      const titles = new Map(organisation.authorisedFunctions.map((f) => [f.id, f.title]));
      // Who is signed in, as the roster knows them: activation checks the decider against this.
      const signedIn = request.loginSubject
        ? await db
            .select()
            .from(people)
            .where(
              and(
                eq(people.organisationId, organisation.id),
                eq(people.userId, request.loginSubject),
                eq(people.active, true),
              ),
            )
            .limit(1)
            .then(([p]) =>
              p
                ? {
                    personId: p.id,
                    name: `${p.givenName} ${p.familyName}`,
                    role: p.role as RosterRole,
                    functionId:
                      p.activatorFunctionId && titles.has(p.activatorFunctionId)
                        ? p.activatorFunctionId
                        : null,
                  }
                : null,
            )
        : undefined;
      return {
        ...(signedIn !== undefined ? { signedIn } : {}),
        organisationId: organisation.id,
        functions: organisation.authorisedFunctions,
        persons: holders.flatMap((p) => {
          const title = p.activatorFunctionId ? titles.get(p.activatorFunctionId) : undefined;
          if (!p.activatorFunctionId || !title) return [];
          return [
            {
              personId: p.id,
              name: `${p.givenName} ${p.familyName}`,
              functionId: p.activatorFunctionId,
              functionTitle: title,
              phones: p.phones,
            },
          ];
        }),
      };
    },
  });
  const languages = startLanguageRpc(context);
  const debriefContacts = startDebriefContactsRpc(context);
  return async () => {
    await debriefContacts();
    await callList.drain();
    await activators.drain();
    await languages();
  };
}
