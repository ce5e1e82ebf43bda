import { requestRpc } from "@krisstod/bus";
import {
  AuthorisedActivatorsResponse,
  CallListResponse,
  DebriefContactsResponse,
  type Principal,
  type RosterGroup,
  rosterRpc,
  subjects,
} from "@krisstod/contracts";
import { type ServiceContext, serviceRpc } from "@krisstod/runtime";

/**
 * What the activation service asks of roster (over NATS request/reply, roster's contracts). Asked on
 * behalf of the signed-in person (`onBehalfOf`), whose token roster verifies.
 */
export interface RosterClient {
  /** Who may activate, and (with `loginSubject`) who the signed-in user is in the roster. */
  authorisedActivators(
    onBehalfOf: Principal,
    organisationId: string,
    loginSubject?: string,
  ): Promise<AuthorisedActivatorsResponse>;
  /** The call list in order, available people only, with the fallback neighbours. */
  callList(onBehalfOf: Principal, organisationId: string, group: RosterGroup): Promise<CallListResponse>;
  /**
   * Where to send debrief offers: asked by this service itself (no user's token), which roster
   * answers to the activation service's NATS identity only. Failures are thrown as they are: the
   * offer writer tries again next round.
   */
  debriefContacts(personIds: string[], reason: string): Promise<DebriefContactsResponse>;
}

export function natsRosterClient(context: ServiceContext, timeoutMs: number): RosterClient {
  const ask = serviceRpc(context, "roster", timeoutMs);
  return {
    authorisedActivators: (onBehalfOf, organisationId, loginSubject) =>
      ask(
        onBehalfOf,
        rosterRpc.activators,
        loginSubject === undefined ? { organisationId } : { organisationId, loginSubject },
        AuthorisedActivatorsResponse,
      ),
    callList: (onBehalfOf, organisationId, group) =>
      ask(onBehalfOf, rosterRpc.callList, { organisationId, group }, CallListResponse),
    debriefContacts: (personIds, reason) =>
      requestRpc({
        nc: context.nc,
        subject: subjects.rpc(context.env.NATS_NAMESPACE, "roster", rosterRpc.debriefContacts),
        body: { personIds, reason },
        response: DebriefContactsResponse,
        timeoutMs,
      }),
  };
}
