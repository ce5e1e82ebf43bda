import { createEvent, natsConnectOptions } from "@krisstod/bus";
import {
  ActivationCallOutChanged,
  ActivationClosed,
  ActivationDecided,
  type EventDefinition,
  type EventEnvelope,
  type Incident,
  IncidentOpened,
  RegionalPicture,
  type RosterGroup,
  subjects,
} from "@krisstod/contracts";
import { startService } from "@krisstod/runtime";
import { createTestNamespace, halland, type TestNamespace, waitFor } from "@krisstod/testing";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";
import { reportingService } from "../src/service.ts";

/**
 * Publishes events the way another service's outbox relay does (JetStream, Nats-Msg-Id = event id),
 * so the reporting service can be tested without starting the producers.
 */
export async function eventPublisher(natsUrl: string, namespace: string) {
  const nc = await connect(natsConnectOptions(natsUrl));
  const js = jetstream(nc);
  return {
    async publish(event: EventEnvelope): Promise<EventEnvelope> {
      const subject = subjects.event(namespace, event.countyCode, event.organisationId, event.type);
      await js.publish(subject, JSON.stringify(event), { msgID: event.id });
      return event;
    },
    async emit<T extends string, D extends z.ZodType>(
      definition: EventDefinition<T, D>,
      fields: { organisationId: string; countyCode: string; aggregateId: string; data: z.input<D> },
    ): Promise<EventEnvelope> {
      return this.publish(createEvent(definition, fields));
    },
    close: () => nc.close(),
  };
}
export type EventPublisher = Awaited<ReturnType<typeof eventPublisher>>;

/** An incident as the activation service publishes it; Halmstad, extraordinary, 3 hours ago. */
export function incident(overrides: Partial<Incident> = {}): Incident {
  const occurredAt = new Date(Date.now() - 3 * 3600_000).toISOString();
  return {
    id: uuidv7(),
    organisationId: "kommun-1380",
    countyCode: "13",
    kind: "fire",
    title: "Brand på Halmstad centralstation",
    description: "",
    location: { lat: 56.67, lon: 12.86 },
    occurredAt,
    affectedMunicipalities: ["1380", "1381"],
    extraordinary: true,
    crisisManagementActivated: true,
    status: "open",
    createdAt: occurredAt,
    ...overrides,
  };
}

/** Headers (token + JSON) of the people the tests act as: @krisstod/testing's Halland users. */
export async function actors(ns: TestNamespace) {
  return {
    halmstad: await ns.headers(halland.halmstadLead),
    laholm: await ns.headers(halland.laholmLead),
    falkenberg: await ns.headers(halland.falkenbergLead),
    varberg: await ns.headers(halland.varbergLead),
    kungsbacka: await ns.headers(halland.kungsbackaLead),
    regionPkl: await ns.headers(halland.regionPklLead),
    observer: await ns.headers(halland.countyObserver),
    // Another county's board (Skåne), which sees none of Halland's picture.
    skaneObserver: await ns.headers({
      ...halland.countyObserver,
      userId: "lansstyrelsen-12.county-observer",
      organisationId: "lansstyrelsen-12",
      countyCode: "12",
    }),
  };
}
export type Actors = Awaited<ReturnType<typeof actors>>;

export async function openIncident(
  publisher: EventPublisher,
  reportingUrl: string,
  value: Incident,
  headers: Record<string, string>,
) {
  await publisher.emit(IncidentOpened, {
    organisationId: value.organisationId,
    countyCode: value.countyCode,
    aggregateId: value.id,
    data: value,
  });
  await waitFor(
    async () => {
      const url = `${reportingUrl}/picture?county=${value.countyCode}`;
      const picture = RegionalPicture.parse(await (await fetch(url, { headers })).json());
      return picture.incidents.some((i) => i.id === value.id);
    },
    { timeoutMs: 5_000, message: "the incident did not reach the picture" },
  );
  return value;
}

export function send(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  return fetch(url, {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}: ${await response.text()}`);
  return response.json();
}

export const callOutCounts = (accepted: number, listed = 10) => ({
  listed,
  called: listed,
  awaiting: listed - accepted,
  accepted,
  declined: 0,
  silent: 0,
  queued: 0,
});

/** Which activation an event is about: a Halland organisation's, for one incident and group. */
export interface ActivationRef {
  activationId: string;
  incidentId: string;
  organisationId: string;
  group: RosterGroup;
}

/**
 * An activation event as the activation service publishes it: the envelope and the data's
 * activationId, incidentId and group from `ref`, the rest of the data from `data`.
 */
function emitActivationEvent<T extends string, D extends z.ZodType>(
  publisher: EventPublisher,
  definition: EventDefinition<T, D>,
  ref: ActivationRef,
  data: Omit<z.input<D>, "activationId" | "incidentId" | "group">,
) {
  return publisher.emit(definition, {
    organisationId: ref.organisationId,
    countyCode: "13",
    aggregateId: ref.activationId,
    data: {
      activationId: ref.activationId,
      incidentId: ref.incidentId,
      group: ref.group,
      ...data,
    } as z.input<D>,
  });
}

/** An activation decision as the activation service publishes it. */
export function activationDecided(
  publisher: EventPublisher,
  fields: ActivationRef & { parentActivationId?: string },
) {
  return emitActivationEvent(publisher, ActivationDecided, fields, {
    decidedBy: { personId: "p-kommunchef", functionId: "f-kommunchef", functionTitle: "Kommunchef" },
    decidedAt: new Date().toISOString(),
    reason: "Många drabbade",
    needed: 4,
    parentActivationId: fields.parentActivationId ?? null,
    fallbackForActivationId: null,
    counts: callOutCounts(0),
  });
}

export function callOutAccepted(
  publisher: EventPublisher,
  fields: ActivationRef & { personId: string; accepted: number },
) {
  return emitActivationEvent(publisher, ActivationCallOutChanged, fields, {
    personId: fields.personId,
    change: "accepted",
    etaMinutes: 20,
    status: fields.accepted >= 4 ? "staffed" : "calling",
    counts: callOutCounts(fields.accepted),
  });
}

/** An activation closed, as the activation service publishes it: everyone who accepted took part. */
export function activationClosed(
  publisher: EventPublisher,
  fields: ActivationRef & { participantPersonIds: string[]; parentActivationId?: string },
) {
  return emitActivationEvent(publisher, ActivationClosed, fields, {
    parentActivationId: fields.parentActivationId ?? null,
    exercise: false,
    closedAt: new Date().toISOString(),
    closedWith: "decision",
    counts: callOutCounts(fields.participantPersonIds.length),
    participantPersonIds: fields.participantPersonIds,
    evaluation: {
      ownerPersonId: "p-kommunchef",
      ownerFunctionTitle: "Kommunchef",
      dueAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
    },
  });
}

/**
 * The reporting service on a namespace of the test file's own, a publisher that sends events as
 * the other services' outbox relays do, and the people the tests act as.
 */
export async function startReporting() {
  const ns = await createTestNamespace();
  const service = await startService(reportingService, ns.serviceEnv());
  const publisher = await eventPublisher(ns.natsUrl, ns.natsNamespace);
  const as = await actors(ns);
  return {
    ns,
    service,
    publisher,
    as,
    stop: async () => {
      await publisher.close();
      await service.stop();
    },
  };
}
export type Reporting = Awaited<ReturnType<typeof startReporting>>;
