import { type AnswerLinkSigner, createAnswerLinkSigner } from "@krisstod/auth";
import type { ServiceContext } from "@krisstod/runtime";
import type { ActivationSettings } from "./env.ts";
import { natsRosterClient, type RosterClient } from "./roster-client.ts";

/** What routes and workers of one running service share. */
export interface ActivationParts {
  readonly env: ActivationSettings;
  readonly roster: RosterClient;
  readonly signer: AnswerLinkSigner;
  /** Where answer links point. */
  readonly answerLinkBaseUrl: string;
  /** Wake the workers after a commit that gave them work, instead of waiting for the next poll. */
  readonly wake: { timers: () => void; sender: () => void };
}

/**
 * The parts of one start, from the settings env.ts parsed (service.ts keeps one per start with
 * `perContext`, so the app and the workers share them).
 */
export function createActivationParts(context: ServiceContext, env: ActivationSettings): ActivationParts {
  return {
    env,
    roster: natsRosterClient(context, env.ROSTER_TIMEOUT_MS),
    signer: createAnswerLinkSigner(env.ANSWER_LINK_SECRET),
    answerLinkBaseUrl: env.ANSWER_LINK_BASE_URL ?? `http://${context.env.HOST}:${context.env.PORT}`,
    wake: { timers: () => {}, sender: () => {} },
  };
}
