import { connectNats, createEvent } from "@krisstod/bus";
import {
  type EventEnvelope,
  IncidentClosed,
  type IncidentKind,
  IncidentOpened,
  type IncidentUpdated,
  subjects,
} from "@krisstod/contracts";
import { createLogger } from "@krisstod/logging";
import type { RunningService } from "@krisstod/runtime";
import { halland } from "@krisstod/testing";
import { jetstream } from "@nats-io/jetstream";
import { v7 as uuidv7 } from "uuid";
import { inject } from "vitest";

/** The people acting in these tests (@krisstod/testing's Halland users). */
export const people = {
  halmstadPosomLead: halland.halmstadLead,
  halmstadStaff: halland.halmstadStaff,
  regionPklLead: halland.regionPklLead,
  regionStaff: halland.regionStaff,
  countyObserver: halland.countyObserver,
  varbergPosomLead: halland.varbergLead,
};

/** Publishes `incident.opened` as the activation service would (its own stream, its own subject). */
export async function publishIncidentOpened(
  service: RunningService,
  incident: { id?: string; lat: number; lon: number },
): Promise<string> {
  const id = incident.id ?? uuidv7();
  await publishEvent(service, incidentEvent(IncidentOpened, { ...incident, id }));
  return id;
}

/** An incident event as the activation service makes it: the incident's whole state at that moment. */
export function incidentEvent(
  definition: typeof IncidentOpened | typeof IncidentUpdated | typeof IncidentClosed,
  incident: { id: string; lat: number; lon: number; kind?: IncidentKind; affectedMunicipalities?: string[] },
): EventEnvelope {
  return createEvent(definition, {
    organisationId: "kommun-1380",
    countyCode: "13",
    aggregateId: incident.id,
    data: {
      id: incident.id,
      organisationId: "kommun-1380",
      countyCode: "13",
      kind: incident.kind ?? "accident",
      title: "Brand i idrottshall",
      description: "",
      location: { lat: incident.lat, lon: incident.lon },
      occurredAt: new Date().toISOString(),
      affectedMunicipalities: incident.affectedMunicipalities ?? ["1380"],
      extraordinary: true,
      crisisManagementActivated: true,
      status: definition === IncidentClosed ? "closed" : "open",
      createdAt: new Date().toISOString(),
    },
  });
}

/** Publishes an event on activation's subject for it (again, if it was published before). */
export async function publishEvent(service: RunningService, event: EventEnvelope): Promise<void> {
  // As the test harness: the support-centres service itself may not publish activation's events.
  const { env } = service.context;
  const nc = await connectNats({
    servers: inject("natsUrl"),
    name: "test",
    logger: createLogger("test", "silent"),
  });
  try {
    // A fresh msgID each time: JetStream would drop a repeat as a duplicate, and a redelivery is
    // exactly what a test of idempotency needs to reach the consumer.
    await jetstream(nc).publish(
      subjects.event(env.NATS_NAMESPACE, event.countyCode, event.organisationId, event.type),
      JSON.stringify(event),
      { msgID: uuidv7() },
    );
  } finally {
    await nc.close();
  }
}

export const centreBody = (incidentId: string, overrides: Record<string, unknown> = {}) => ({
  incidentId,
  operator: "posom",
  posomOrganisationId: "kommun-1380",
  name: "Stödcentrum Halmstad teater",
  location: { lat: 56.6745, lon: 12.8578, address: "Halmstad" },
  functions: ["information-referral", "crisis-support-follow-up"],
  capacity: 200,
  ...overrides,
});
