import { randomBytes } from "node:crypto";
import {
  type NatsServerHandle,
  nationalReportingUser,
  nationalSetupUser,
  renderAuthorization,
  serviceUsers,
  startNatsServer,
} from "@krisstod/local-infra";

/**
 * The NATS identities of a test run. Every service connects as its own user with its production
 * permissions (written for any namespace, `*`, since each test file has its own); in tests the
 * four service users share one generated password so that one service environment fits them all.
 * Test code itself (publishing forged events, watching subjects, dropping streams) connects as
 * `harness`, a user allowed everything, which exists only in tests.
 */
export interface TestNatsSecrets {
  readonly harnessPassword: string;
  readonly servicePassword: string;
}

export const HARNESS_USER = "harness";

export function newTestNatsSecrets(): TestNatsSecrets {
  return {
    harnessPassword: randomBytes(18).toString("base64url"),
    servicePassword: randomBytes(18).toString("base64url"),
  };
}

export function testNatsAuthorization(secrets: TestNatsSecrets): string {
  return renderAuthorization([
    { user: HARNESS_USER, password: secrets.harnessPassword },
    ...serviceUsers("*", () => secrets.servicePassword),
    nationalReportingUser("*", secrets.servicePassword),
    nationalSetupUser("*", secrets.servicePassword),
  ]);
}

/** `nats://harness:…@host:port`: what test code connects with (@krisstod/bus reads the credentials). */
export function harnessUrl(serverUrl: string, secrets: TestNatsSecrets): string {
  const url = new URL(serverUrl);
  url.username = HARNESS_USER;
  url.password = secrets.harnessPassword;
  return url.toString().replace(/\/$/, "");
}

export interface TestNatsServer extends NatsServerHandle {
  /** The server's URL with the harness user's credentials, for test code. */
  readonly harnessUrl: string;
}

/** A nats-server 2.10+ child with the test run's authorization (see global-setup.ts). */
export async function startAuthorisedNatsServer(options: {
  port: number;
  storeDir: string;
  secrets: TestNatsSecrets;
}): Promise<TestNatsServer> {
  const server = await startNatsServer({
    port: options.port,
    storeDir: options.storeDir,
    authorization: testNatsAuthorization(options.secrets),
  });
  return Object.assign(server, { harnessUrl: harnessUrl(server.url, options.secrets) });
}
