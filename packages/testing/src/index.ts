import { afterAll, inject } from "vitest";
import "./provided.ts";
import { createNamespace, type Namespace } from "./namespace.ts";
import { startAuthorisedNatsServer, type TestNatsServer } from "./nats.ts";
import { startTestNatsCluster as startCluster, type TestNatsCluster } from "./nats-cluster.ts";

export { type Answer, type Caller, type Client, client, halland, type TokenSource } from "./client.ts";
export { hallandLoginSubjects, hallandPeople, startHallandRosterStub } from "./halland-roster.ts";
export { type MintOptions, makePrincipal, startTestIssuer, type TestIssuer } from "./issuer.ts";
export {
  createNamespace,
  type Namespace,
  provisionTestRoles,
  type ServiceDatabaseUrls,
  testPasswords,
  uniqueToken,
} from "./namespace.ts";
export {
  HARNESS_USER,
  harnessUrl,
  startAuthorisedNatsServer,
  type TestNatsSecrets,
  type TestNatsServer,
  testNatsAuthorization,
} from "./nats.ts";
export type { TestNatsCluster, TestNatsNode } from "./nats-cluster.ts";
export { type MetricSample, parseMetrics, type Scrape, scrapeMetrics } from "./prometheus.ts";
export { type RosterStubData, startRosterStub } from "./roster-stub.ts";
export { type SignedIn, signInAndWatch } from "./signed-in.ts";
export { type EventStream, openEventStream } from "./sse.ts";
export { waitFor, within } from "./wait.ts";

export type TestNamespace = Namespace;

/**
 * One namespace per test file on the run's real servers (see global-setup.ts), dropped after the
 * file's tests.
 */
export async function createTestNamespace(): Promise<TestNamespace> {
  const namespace = await createNamespace(
    inject("databaseUrl"),
    inject("natsUrl"),
    inject("natsSecrets").servicePassword,
  );
  afterAll(() => namespace.drop());
  return namespace;
}

/** A nats-server of a test's own (to stop and start it) with the run's authorization. */
export function startTestNatsServer(options: { port: number; storeDir: string }): Promise<TestNatsServer> {
  return startAuthorisedNatsServer({ ...options, secrets: inject("natsSecrets") });
}

/** A JetStream cluster of nats-server processes (see nats-cluster.ts) with the run's authorization. */
export function startTestNatsCluster(
  options: Omit<Parameters<typeof startCluster>[0], "secrets">,
): Promise<TestNatsCluster> {
  return startCluster({ ...options, secrets: inject("natsSecrets") });
}
