import { type EventHandler, PoisonEventError } from "@krisstod/bus";
import { type Incident, IncidentOpened, parseEvent } from "@krisstod/contracts";
import { ZodError } from "zod";
import { incidentLocations } from "../db/schema.ts";

/**
 * Keeps this service's own copy of where each incident happened, to keep centres off the scene.
 * Runs inside the consumer's transaction with the inbox row, so a redelivery has no second effect.
 */
export const rememberIncidentLocation: EventHandler = async (tx, event) => {
  if (event.type !== IncidentOpened.type) return;
  let incident: Incident;
  try {
    incident = parseEvent(IncidentOpened, event).data;
  } catch (error) {
    if (error instanceof ZodError) throw new PoisonEventError(`invalid ${event.type}: ${error.message}`);
    throw error;
  }
  const values = {
    incidentId: incident.id,
    organisationId: incident.organisationId,
    countyCode: incident.countyCode,
    lat: incident.location.lat,
    lon: incident.location.lon,
  };
  await tx
    .insert(incidentLocations)
    .values(values)
    .onConflictDoUpdate({ target: incidentLocations.incidentId, set: { lat: values.lat, lon: values.lon } });
};
