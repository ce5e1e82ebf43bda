import { type EventHandler, parseEventOrPoison } from "@krisstod/bus";
import {
  type EventEnvelope,
  type Incident,
  IncidentClosed,
  IncidentOpened,
  IncidentUpdated,
} from "@krisstod/contracts";
import { sql } from "drizzle-orm";
import { incidentLocations } from "../db/schema.ts";

/** The incident events this service follows; each carries the incident's whole new state. */
const followed = [IncidentOpened, IncidentUpdated, IncidentClosed] as const;

/**
 * Keeps this service's own copy of where each incident is, which municipalities it affects and
 * whether it is open: to keep centres off the scene (the place as last corrected), to have POSOM
 * centres opened by affected municipalities, and to open none for a closed incident.
 * Runs inside the consumer's transaction with the inbox row, so a redelivery has no second effect;
 * an event older than the one last applied (v7 ids grow with time) changes nothing, so a late
 * `incident.updated` cannot reopen a closed incident or move it back.
 */
export const rememberIncidentLocation: EventHandler = async (tx, event) => {
  const incident = incidentOf(event);
  if (!incident) return;
  const values = {
    incidentId: incident.id,
    organisationId: incident.organisationId,
    countyCode: incident.countyCode,
    lat: incident.location.lat,
    lon: incident.location.lon,
    abroad: incident.kind === "abroad",
    affectedMunicipalities: incident.affectedMunicipalities,
    status: incident.status,
    lastEventId: event.id,
  };
  await tx
    .insert(incidentLocations)
    .values(values)
    .onConflictDoUpdate({
      target: incidentLocations.incidentId,
      set: {
        lat: values.lat,
        lon: values.lon,
        abroad: values.abroad,
        affectedMunicipalities: values.affectedMunicipalities,
        status: values.status,
        lastEventId: values.lastEventId,
      },
      // Rows learnt before events were ordered have no id: any event is newer than those.
      setWhere: sql`${incidentLocations.lastEventId} is null or ${incidentLocations.lastEventId} < ${event.id}`,
    });
};

function incidentOf(event: EventEnvelope): Incident | undefined {
  const definition = followed.find((d) => d.type === event.type);
  if (!definition) return undefined;
  return parseEventOrPoison(definition, event).data;
}
