import { RpcError, requestRpc } from "@krisstod/bus";
import {
  LanguagesOfResponse,
  rosterRpc,
  type SpeakersRequest,
  SpeakersResponse,
  subjects,
} from "@krisstod/contracts";
import { ServiceUnavailableError, UnprocessableError } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import type { z } from "zod";

/** What this service asks of roster about languages (NATS request/reply, roster's contracts). */
export interface RosterLanguages {
  /** Languages of these roster people (staff on shift); no contact details. */
  languagesOf(personIds: string[]): Promise<LanguagesOfResponse>;
  /** The organisation's people who speak the language, with phones (roster audits the read). */
  speakers(request: SpeakersRequest): Promise<SpeakersResponse>;
}

export function natsRosterLanguages(context: ServiceContext, timeoutMs = 3_000): RosterLanguages {
  const ask = async <R extends z.ZodType>(operation: string, body: unknown, response: R) => {
    try {
      return await requestRpc({
        nc: context.nc,
        subject: subjects.rpc(context.env.NATS_NAMESPACE, "roster", operation),
        body,
        response,
        timeoutMs,
      });
    } catch (error) {
      // The caller can act on these: fix the request (422) or try again shortly (503).
      if (error instanceof RpcError && error.code === "invalid") {
        throw new UnprocessableError(`The roster refused the request: ${error.message}`);
      }
      context.logger.warn({ err: String(error), operation }, "roster request failed");
      throw new ServiceUnavailableError("The roster service did not answer; try again shortly.");
    }
  };
  return {
    languagesOf: (personIds) => ask(rosterRpc.languagesOf, { personIds }, LanguagesOfResponse),
    speakers: (request) => ask(rosterRpc.speakers, request, SpeakersResponse),
  };
}
