import { subjects } from "@krisstod/contracts";
import type { Logger } from "@krisstod/logging";
import { type ConnectionOptions, TimeoutError } from "@nats-io/nats-core";
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
    // Without this every request and JetStream publish builds two Error objects up front, stack
    // traces included, in case it times out: 3 % of the activation's CPU in the county peak day,
    // where its relay publishes thousands of events (bench/PROFILES.md). A timeout still rejects
    // with its TimeoutError; only the trace of where the request started is left out.
    noAsyncTraces: true,
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

/** What a process reads to reach NATS (the names of @krisstod/config's serviceEnv). */
export interface NatsEnv {
  readonly NATS_URL: string;
  readonly NATS_USER?: string | undefined;
  readonly NATS_PASSWORD?: string | undefined;
  readonly NATS_TLS_CA_FILE?: string | undefined;
}

/**
 * connectNats with the environment's settings: as NATS_USER (else `user`, else `name`) once
 * NATS_PASSWORD is set, trusting NATS_TLS_CA_FILE when given.
 */
export function connectNatsWithEnv(
  env: NatsEnv,
  options: { name: string; logger: Logger; user?: string },
): Promise<NatsConnection> {
  const user = env.NATS_USER ?? options.user ?? options.name;
  return connectNats({
    servers: env.NATS_URL,
    name: options.name,
    logger: options.logger,
    credentials: env.NATS_PASSWORD ? { user, password: env.NATS_PASSWORD } : undefined,
    tlsCaFile: env.NATS_TLS_CA_FILE,
  });
}

/**
 * Whether an error is the NATS client's request timeout. One that rejects with nobody awaiting it
 * (inside the client, while a JetStream cluster elects a stream leader) reaches the process as an
 * unhandled rejection; see `runService`.
 */
export function isNatsTimeout(error: unknown): boolean {
  return error instanceof TimeoutError;
}
