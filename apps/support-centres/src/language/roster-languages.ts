import { LanguagesOfResponse, rosterRpc, type SpeakersRequest, SpeakersResponse } from "@krisstod/contracts";
import { type ServiceContext, serviceRpc } from "@krisstod/runtime";

/** What this service asks of roster about languages (NATS request/reply, roster's contracts). */
export interface RosterLanguages {
  /** Languages of these roster people (staff on shift); no contact details. */
  languagesOf(personIds: string[]): Promise<LanguagesOfResponse>;
  /** The organisation's people who speak the language, with phones (roster audits the read). */
  speakers(request: SpeakersRequest): Promise<SpeakersResponse>;
}

export function natsRosterLanguages(context: ServiceContext, timeoutMs = 3_000): RosterLanguages {
  const ask = serviceRpc(context, "roster", timeoutMs);
  return {
    languagesOf: (personIds) => ask(rosterRpc.languagesOf, { personIds }, LanguagesOfResponse),
    speakers: (request) => ask(rosterRpc.speakers, request, SpeakersResponse),
  };
}
