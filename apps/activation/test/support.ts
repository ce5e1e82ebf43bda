import type { Environment } from "@krisstod/config";
import type { CreateIncidentBody, DevOutboxMessage, Principal } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import {
  createTestNamespace,
  halland,
  type SignedIn,
  signInAndWatch,
  startHallandRosterStub,
  type TestNamespace,
} from "@krisstod/testing";
import { createActivationService } from "../src/service.ts";

/** The people the tests sign in as (@krisstod/testing's Halland users, the development issuer's subjects). */
export const signIn = {
  laholmLead: halland.laholmLead,
  /** Laholm's kommunchef: holds an authorised function. */
  laholmChief: halland.laholmChief,
  /** A member of Laholm's ledningsgrupp: on its call list, holds no authorised function. */
  laholmMember: halland.laholmMember,
  /** A support person of Laholm: first on its support-person call list (Sara Stöd in the stub). */
  laholmSupport: halland.laholmSupport,
  /** Region Halland's förvaltningschef psykiatri: activates PKL. */
  regionChief: halland.regionChief,
  halmstadLead: halland.halmstadLead,
  varbergLead: halland.varbergLead,
  hallandObserver: halland.countyObserver,
};

export const laholmIncident: CreateIncidentBody = {
  organisationId: "kommun-1381",
  countyCode: "13",
  kind: "accident",
  title: "Bussolycka på E6 vid Laholm",
  location: { lat: 56.51, lon: 13.04 },
  occurredAt: "2026-11-28T06:30:00Z",
  affectedMunicipalities: ["1381"],
};

/** POSTs JSON; `headers` carry the signed-in user's token (answer links need none). */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** The development outbox's messages of one activation, as a lead of its organisation reads them. */
export async function outbox(
  serviceUrl: string,
  activationId: string,
  headers: Record<string, string>,
): Promise<DevOutboxMessage[]> {
  const response = await fetch(`${serviceUrl}/dev/outbox?activationId=${activationId}`, { headers });
  if (response.status !== 200) throw new Error(`dev outbox answered ${response.status}`);
  return (await response.json()) as DevOutboxMessage[];
}

/** The answer link of a message, pointed at the running service (links carry the public base URL). */
export function linkOn(serviceUrl: string, answerLink: string): { url: string; token: string } {
  const link = new URL(answerLink);
  const path = link.pathname.slice(link.pathname.indexOf("/call-outs/"));
  return { url: `${serviceUrl}${path}`, token: link.searchParams.get("token") ?? "" };
}

/**
 * What most activation tests start from: a namespace of their own (real PostgreSQL and NATS), the
 * roster stub answering for Halland, `users` signed in with every event watched from before the
 * service starts, and the activation service with `settings`. `stop()` ends service and stub.
 */
export async function startActivationWithRoster<User extends string>(
  settings: Environment,
  users: Record<User, Partial<Principal>>,
): Promise<SignedIn<User> & { ns: TestNamespace; service: RunningService; stop(): Promise<void> }> {
  const ns = await createTestNamespace();
  const stopRoster = await startHallandRosterStub(ns.natsUrl, ns.natsNamespace);
  try {
    const { as, events } = await signInAndWatch(ns, users);
    const service = await startService(createActivationService(settings), ns.serviceEnv());
    const stop = async () => {
      await service.stop();
      await stopRoster();
    };
    return { ns, service, as, events, stop };
  } catch (error) {
    await stopRoster();
    throw error;
  }
}
