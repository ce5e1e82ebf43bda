import { connectNats, type NatsConnection } from "@krisstod/bus";
import type { ServiceEnv } from "@krisstod/config";
import type { Principal } from "@krisstod/contracts";
import { createLogger } from "@krisstod/logging";
import { type RunningService, startService } from "@krisstod/runtime";
import {
  type Caller,
  client,
  createTestNamespace,
  type TestIssuer,
  type TestNamespace,
} from "@krisstod/testing";
import { expect } from "vitest";
import { rosterService } from "../src/service.ts";

export interface Harness {
  service: RunningService;
  ns: TestNamespace;
  issuer: TestIssuer;
  /** The test harness's own NATS connection (the other services' side of request/reply and events). */
  nc: NatsConnection;
  /** Calls the service as this principal: @krisstod/testing's `client(service, issuer).as(principal).fetch`. */
  as(principal: Partial<Principal>): Caller["fetch"];
  stop(): Promise<void>;
}

/** The real roster service on a fresh database and NATS namespace, trusting a throwaway issuer. */
export async function startRoster(
  options: { demo?: boolean; ns?: TestNamespace; env?: Partial<ServiceEnv> } = {},
): Promise<Harness> {
  const ns = options.ns ?? (await createTestNamespace());
  // The namespace's services trust its throwaway issuer.
  const issuer = ns.issuer;
  const service = await startService(
    rosterService,
    ns.serviceEnv({ DEMO_DATA: options.demo ?? false, ...options.env }),
  );
  const nc = await connectNats({ servers: ns.natsUrl, name: "test", logger: createLogger("test", "silent") });
  const api = client(service, issuer);
  return {
    service,
    nc,
    ns,
    issuer,
    as: (who) => api.as(who).fetch,
    stop: async () => {
      await nc.close();
      await service.stop();
      await issuer.close();
    },
  };
}

export const countyAdmin = { organisationId: "lansstyrelsen-13", roles: ["org-admin" as const] };

/** Creates a municipality through the API, as the county board's administrator would. */
export async function createMunicipality(h: Harness, id: string, name: string, countyCode = "13") {
  const response = await h.as({ ...countyAdmin, countyCode })("/organisations", {
    method: "POST",
    json: { id, name, kind: "municipality", countyCode, municipalityCode: id.slice(-4) },
  });
  if (response.status !== 201) throw new Error(`create ${id}: ${response.status} ${await response.text()}`);
}

/**
 * Adds people to an organisation's roster through the API as `as`, each with a mobile number of
 * its own (`prefix` keeps two test files' numbers apart in one roster).
 */
export function personAdder(prefix: string) {
  let n = 0;
  return async (as: ReturnType<Harness["as"]>, organisationId: string, body: Record<string, unknown>) => {
    n += 1;
    const response = await as(`/organisations/${organisationId}/people`, {
      method: "POST",
      json: {
        givenName: `Person${n}`,
        familyName: "Testsson",
        role: "support-person",
        workplace: "Socialtjänsten",
        phones: [`${prefix} ${String(n).padStart(2, "0")} 00`],
        ...body,
      },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { id: string; phones: string[] | null };
  };
}
