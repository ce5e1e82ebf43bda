import type { CountyCode, EventDefinition, EventEnvelope, OrganisationId } from "@krisstod/contracts";
import { v7 as uuidv7 } from "uuid";
import type { z } from "zod";

/** Builds an envelope for a state change; the data is validated against the contract here. */
export function createEvent<TType extends string, TData extends z.ZodType>(
  definition: EventDefinition<TType, TData>,
  fields: {
    organisationId: OrganisationId;
    countyCode: CountyCode;
    aggregateId: string;
    data: z.input<TData>;
    occurredAt?: Date;
  },
): EventEnvelope {
  return {
    id: uuidv7(),
    type: definition.type,
    schemaVersion: definition.schemaVersion,
    occurredAt: (fields.occurredAt ?? new Date()).toISOString(),
    producer: definition.producer,
    organisationId: fields.organisationId,
    countyCode: fields.countyCode,
    aggregateId: fields.aggregateId,
    data: definition.data.parse(fields.data),
  };
}
