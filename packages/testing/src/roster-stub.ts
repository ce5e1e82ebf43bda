import {
  AuthorisedActivatorsRequest,
  type AuthorisedActivatorsResponse,
  type CallListEntry,
  CallListRequest,
  type CallListResponse,
  DebriefContactsRequest,
  type DebriefContactsResponse,
  type RosterGroup,
  type RosterRole,
  rosterRpc,
  subjects,
} from "@krisstod/contracts";
import { connect } from "@nats-io/transport-node";
import type { z } from "zod";
import { splitCredentials } from "./namespace.ts";

/** What a roster stub answers: the organisation's authorised activators and call lists. */
export interface RosterStubData {
  /** The organisation's functions and the people holding them; default: none. */
  activators(organisationId: string): Omit<AuthorisedActivatorsResponse, "signedIn"> | undefined;
  /** The person a login subject (`<organisation>.<role>`) is in the roster, if any. */
  signedIn?(loginSubject: string): { personId: string; name: string; role: RosterRole } | undefined;
  callList(organisationId: string, group: RosterGroup): readonly CallListEntry[];
  /** Neighbours to fall back to, nearest first; default none. */
  neighbours?(organisationId: string): string[];
  /** The phones and e-mail of these people, for debrief offers; default nobody's. */
  debriefContacts?(personIds: readonly string[]): DebriefContactsResponse["contacts"];
}

/**
 * A stand-in for the roster service's request/reply (authorised activators, call lists) on the
 * real NATS, answering with roster's own contracts, for tests and benchmarks of the activation
 * service that should not depend on roster's data. It replies as @krisstod/bus serveRpc does
 * (`{ ok, result }`); this package cannot use bus itself (bus's tests use this package).
 */
export async function startRosterStub(
  natsUrl: string,
  namespace: string,
  data: RosterStubData,
): Promise<() => Promise<void>> {
  const { servers, credentials } = splitCredentials(natsUrl);
  const nc = await connect({ servers, ...credentials, name: "roster-stub" });
  const serve = <Req extends z.ZodType>(
    operation: string,
    request: Req,
    handle: (body: z.infer<Req>) => unknown,
  ) =>
    nc.subscribe(subjects.rpc(namespace, "roster", operation), {
      queue: "roster",
      callback: (error, message) => {
        if (error) return;
        const parsed = request.safeParse(message.json());
        message.respond(
          JSON.stringify(
            parsed.success
              ? { ok: true, result: handle(parsed.data) }
              : { ok: false, code: "invalid", error: parsed.error.message },
          ),
        );
      },
    });
  serve(rosterRpc.activators, AuthorisedActivatorsRequest, ({ organisationId, loginSubject }) => {
    const answer: AuthorisedActivatorsResponse = data.activators(organisationId) ?? {
      organisationId,
      functions: [],
      persons: [],
    };
    if (loginSubject === undefined) return answer;
    // As roster does: the organisation's person signed in as this subject, with the function held.
    const person = loginSubject.startsWith(`${organisationId}.`) ? data.signedIn?.(loginSubject) : undefined;
    const held = answer.persons.find((p) => p.personId === person?.personId);
    return { ...answer, signedIn: person ? { ...person, functionId: held?.functionId ?? null } : null };
  });
  serve(
    rosterRpc.callList,
    CallListRequest,
    ({ organisationId, group }): CallListResponse => ({
      organisationId,
      group,
      at: new Date().toISOString(),
      entries: [...data.callList(organisationId, group)],
      skipped: { unavailable: 0, inactive: 0 },
      neighbours: data.neighbours?.(organisationId) ?? [],
    }),
  );
  serve(
    rosterRpc.debriefContacts,
    DebriefContactsRequest,
    ({ personIds }): DebriefContactsResponse => ({ contacts: data.debriefContacts?.(personIds) ?? [] }),
  );
  await nc.flush();
  return () => nc.drain();
}
