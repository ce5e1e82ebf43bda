import { type EventEnvelope, type Principal, subjects } from "@krisstod/contracts";
import { connect } from "@nats-io/transport-node";
import { afterAll } from "vitest";
import { type Namespace, splitCredentials } from "./namespace.ts";

export interface SignedIn<User extends string> {
  /** Each user's request headers: `Authorization` with a token of the namespace's issuer, JSON. */
  readonly as: Record<User, Record<string, string>>;
  /** Every event published in the namespace from now on, in the order it arrived. */
  readonly events: EventEnvelope[];
}

/**
 * What a service test sets up to call as its users and see what the service publishes: a token per
 * user (minted once, valid for the whole file) and a recorder of the namespace's events, stopped
 * after the file's tests.
 */
export async function signInAndWatch<User extends string>(
  ns: Namespace,
  users: Record<User, Partial<Principal>>,
): Promise<SignedIn<User>> {
  const entries = await Promise.all(
    (Object.entries(users) as [User, Partial<Principal>][]).map(
      async ([name, principal]) => [name, await ns.headers(principal)] as const,
    ),
  );
  const events: EventEnvelope[] = [];
  const nats = splitCredentials(ns.natsUrl);
  const nc = await connect({ servers: nats.servers, ...nats.credentials, name: "test-events" });
  nc.subscribe(subjects.allEvents(ns.natsNamespace), {
    callback: (_error, message) => {
      events.push(message.json<EventEnvelope>());
    },
  });
  afterAll(() => nc.drain());
  return { as: Object.fromEntries(entries) as Record<User, Record<string, string>>, events };
}
