import type { EventEnvelope } from "@krisstod/contracts";
import { v7 as uuidv7 } from "uuid";

/** A support centre's `centre.counted` event in Halmstad (kommun-1380, county 13), new id each time. */
export const countedEvent = (fields: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: uuidv7(),
  type: "centre.counted",
  schemaVersion: 1,
  occurredAt: new Date().toISOString(),
  producer: "support-centres",
  organisationId: "kommun-1380",
  countyCode: "13",
  aggregateId: "centre-1",
  data: {},
  ...fields,
});
