import type { EventEnvelope } from "@krisstod/contracts";
import { subjects } from "@krisstod/contracts";
import { splitCredentials } from "@krisstod/testing/namespace";
import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";

/** A NATS connection of the benchmark runner (the harness's credentials when the server has them). */
export async function connectBench(natsUrl: string): Promise<NatsConnection> {
  const { servers, credentials } = splitCredentials(natsUrl);
  return connect({ servers, ...credentials });
}

/** Publishes an event as its owning service would (for a service whose input it is). */
export async function publishEvent(nc: NatsConnection, namespace: string, event: EventEnvelope) {
  await jetstream(nc).publish(
    subjects.event(namespace, event.countyCode, event.organisationId, event.type),
    JSON.stringify(event),
    { msgID: event.id },
  );
}
