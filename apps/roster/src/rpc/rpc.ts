import { serveRpc } from "@krisstod/bus";
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
import { people } from "../db/schema.ts";
import { requireOrganisation } from "../organisations/organisations.store.ts";
import { callListNow } from "../people/call-lists.store.ts";
import { startLanguageRpc } from "./languages.ts";

/**
 * Request/reply for the other services (activation asks at decision time): the call list now, and
 * who may activate. An unknown organisation is a failed request, never an empty list that would
 * look like "nobody to call".
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
    handle: async (request): Promise<CallListResponse> => {
      const organisation = await requireOrganisation(db, request.organisationId);
      const now = await callListNow(
        db,
        organisation.id,
        request.group,
        request.at ? new Date(request.at) : new Date(),
      );
      return { ...now, neighbours: organisation.neighbours };
    },
  });
  const activators = serveRpc({
    nc: context.nc,
    subject: subjects.rpc(ns, "roster", rosterRpc.activators),
    queue: "roster",
    request: AuthorisedActivatorsRequest,
    logger: context.logger,
    handle: async (request): Promise<AuthorisedActivatorsResponse> => {
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
  return async () => {
    await callList.drain();
    await activators.drain();
    await languages();
  };
}
