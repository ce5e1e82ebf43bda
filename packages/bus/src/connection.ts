import type { Logger } from "@krisstod/logging";
import { connect, type NatsConnection } from "@nats-io/transport-node";

export type { NatsConnection };

/**
 * Connects to NATS and keeps reconnecting forever: a NATS outage must never take a service down,
 * the outbox holds events until the bus is back.
 */
export async function connectNats(options: {
  servers: string;
  name: string;
  logger: Logger;
}): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.servers.split(","),
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
