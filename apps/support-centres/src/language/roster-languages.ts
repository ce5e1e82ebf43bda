import {
  LanguagesOfResponse,
  type Principal,
  rosterRpc,
  type SpeakersRequest,
  SpeakersResponse,
} from "@krisstod/contracts";
import { type ServiceContext, serviceRpc } from "@krisstod/runtime";

/**
 * What this service asks of roster about languages (NATS request/reply, roster's contracts), on
 * behalf of the signed-in person (`onBehalfOf`), whose token roster verifies.
 */
export interface RosterLanguages {
  /** Languages of these roster people (staff on shift); no contact details. */
  languagesOf(onBehalfOf: Principal, personIds: string[]): Promise<LanguagesOfResponse>;
  /** The organisation's people who speak the language, with phones (roster audits the read). */
  speakers(onBehalfOf: Principal, request: SpeakersRequest): Promise<SpeakersResponse>;
}

export function natsRosterLanguages(context: ServiceContext, timeoutMs = 3_000): RosterLanguages {
  const ask = serviceRpc(context, "roster", timeoutMs);
  return {
    languagesOf: (onBehalfOf, personIds) =>
      ask(onBehalfOf, rosterRpc.languagesOf, { personIds }, LanguagesOfResponse),
    speakers: (onBehalfOf, request) => ask(onBehalfOf, rosterRpc.speakers, request, SpeakersResponse),
  };
}
