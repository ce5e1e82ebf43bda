import { z } from "zod";
import { CountyCode, IsoDateTime, OrganisationId } from "./ids.ts";
import { SERVICE_NAMES } from "./services.ts";

/** The service that published an event: one of the services (services.ts). */
export const Producer = z.enum(SERVICE_NAMES);
export type Producer = z.infer<typeof Producer>;

/**
 * Every event on the bus is wrapped in this envelope. `id` is a UUIDv7 and doubles as the
 * JetStream Nats-Msg-Id, so a retried publish is stored once and a consumer can remember it.
 * Events never carry personal data of affected people.
 */
export const EventEnvelope = z.object({
  id: z.uuid({ version: "v7" }),
  type: z.string().regex(/^[a-z][a-z-]*(\.[a-z][a-z-]*)+$/),
  schemaVersion: z.number().int().positive(),
  occurredAt: IsoDateTime,
  producer: Producer,
  organisationId: OrganisationId,
  countyCode: CountyCode,
  aggregateId: z.string().min(1),
  data: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

export interface EventDefinition<TType extends string, TData extends z.ZodType> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly producer: Producer;
  readonly data: TData;
}

export function defineEvent<TType extends string, TData extends z.ZodType>(
  definition: EventDefinition<TType, TData>,
): EventDefinition<TType, TData> {
  return definition;
}

export type EventOf<D> =
  D extends EventDefinition<infer T, infer S>
    ? Omit<EventEnvelope, "type" | "data"> & { type: T; data: z.infer<S> }
    : never;

/** Parses an envelope and then its data against the definition; throws a ZodError otherwise. */
export function parseEvent<TType extends string, TData extends z.ZodType>(
  definition: EventDefinition<TType, TData>,
  envelope: EventEnvelope,
): Omit<EventEnvelope, "type" | "data"> & { type: TType; data: z.infer<TData> } {
  if (envelope.type !== definition.type) {
    throw new Error(`expected event ${definition.type}, got ${envelope.type}`);
  }
  return { ...envelope, type: definition.type, data: definition.data.parse(envelope.data) };
}
