import { subjects } from "@krisstod/contracts";
import type { Logger } from "@krisstod/logging";
import type { ConnectionOptions } from "@nats-io/nats-core";
import { connect, type NatsConnection } from "@nats-io/transport-node";

export type { NatsConnection };

export interface NatsCredentials {
  user: string;
  password: string;
}

/**
 * Connection options for NATS URL(s), comma-separated. Credentials may ride in the URL
 * (`nats://user:password@host:4222`, as the test harness hands them to test code); explicit ones
 * win. A user's connection keeps its replies below its own inbox prefix, the only part of
 * `_INBOX` its permissions let it subscribe to.
 */
export function natsConnectOptions(servers: string, credentials?: NatsCredentials): ConnectionOptions {
  let fromUrl: NatsCredentials | undefined;
  const plain = servers.split(",").map((server) => {
    const url = new URL(server.trim());
    if (url.username) {
      fromUrl = { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
      url.username = "";
      url.password = "";
    }
    return `${url.protocol}//${url.host}`;
  });
  const auth = credentials ?? fromUrl;
  return {
    servers: plain,
    ...(auth ? { user: auth.user, pass: auth.password, inboxPrefix: subjects.inbox(auth.user) } : {}),
  };
}

/**
 * Connects to NATS and keeps reconnecting forever: a NATS outage must never take a service down,
 * the outbox holds events until the bus is back.
 */
export async function connectNats(options: {
  servers: string;
  name: string;
  logger: Logger;
  credentials?: NatsCredentials | undefined;
  /** A CA certificate file to trust (production NATS uses TLS with a private CA). */
  tlsCaFile?: string | undefined;
}): Promise<NatsConnection> {
  const nc = await connect({
    ...natsConnectOptions(options.servers, options.credentials),
    ...(options.tlsCaFile ? { tls: { caFile: options.tlsCaFile } } : {}),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
    pingInterval: 5_000,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect" || status.type === "reconnect") {
        options.logger.warn({ nats: status.type }, "nats connection status changed");
      }
    }
  })();
  return nc;
}

/** Readiness: the connection is up and the server answers a round trip. */
export async function checkNats(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) throw new Error("nats connection closed");
  await nc.rtt();
}
