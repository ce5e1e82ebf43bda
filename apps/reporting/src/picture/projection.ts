import { type EventHandler, PoisonEventError } from "@krisstod/bus";
import { IncidentOpened, type PictureChange, type PictureIncident, parseEvent } from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import { sql } from "drizzle-orm";
import { ZodError } from "zod";
import { feed, pictureIncidents } from "../db/schema.ts";

export const FEED_CHANNEL = "reporting_feed";

/** Applies one event to the regional picture and appends the resulting change to the feed. */
export const projectEvent: EventHandler = async (tx, event) => {
  try {
    switch (event.type) {
      case IncidentOpened.type: {
        const { data } = parseEvent(IncidentOpened, event);
        await upsertIncident(tx, data);
        return;
      }
      default:
        return; // not part of the picture (yet)
    }
  } catch (error) {
    if (error instanceof ZodError) throw new PoisonEventError(`invalid ${event.type}: ${error.message}`);
    throw error;
  }
};

async function upsertIncident(tx: Transaction, incident: PictureIncident): Promise<void> {
  const values = {
    id: incident.id,
    organisationId: incident.organisationId,
    countyCode: incident.countyCode,
    kind: incident.kind,
    title: incident.title,
    lat: incident.location.lat,
    lon: incident.location.lon,
    address: incident.location.address ?? null,
    occurredAt: new Date(incident.occurredAt),
    affectedMunicipalities: incident.affectedMunicipalities,
    extraordinary: incident.extraordinary,
    status: incident.status,
    updatedAt: new Date(),
  };
  await tx
    .insert(pictureIncidents)
    .values(values)
    .onConflictDoUpdate({ target: pictureIncidents.id, set: values });
  await appendChange(tx, incident.countyCode, { kind: "incident.upserted", incident });
}

async function appendChange(tx: Transaction, countyCode: string, change: PictureChange): Promise<void> {
  await tx.insert(feed).values({ countyCode, change });
  await tx.execute(sql`select pg_notify(${FEED_CHANNEL}, '')`);
}
