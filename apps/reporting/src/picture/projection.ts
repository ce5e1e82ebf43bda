import { type BatchHandler, PoisonEventError } from "@krisstod/bus";
import {
  type EventEnvelope,
  IncidentOpened,
  type PictureChange,
  type PictureIncident,
  parseEvent,
} from "@krisstod/contracts";
import type { Transaction } from "@krisstod/db";
import { sql } from "drizzle-orm";
import { ZodError } from "zod";
import { feed, pictureIncidents } from "../db/schema.ts";

export const FEED_CHANNEL = "reporting_feed";
/** The durable consumer that keeps the picture; its inbox rows are dropped on a rebuild. */
export const PICTURE_CONSUMER = "reporting-picture";

/** Changes of the picture a batch produced, appended to the feed together at its end. */
type FeedRows = { countyCode: string; change: PictureChange }[];

/**
 * Applies a batch of events to the regional picture in stream order, then appends the resulting
 * changes to the feed in one statement and wakes the feed hubs with one notification.
 */
export const projectEvents: BatchHandler = async (tx, events) => {
  const changes: FeedRows = [];
  for (const event of events) await projectEvent(tx, event, changes);
  if (changes.length === 0) return;
  await tx.insert(feed).values(changes);
  await tx.execute(sql`select pg_notify(${FEED_CHANNEL}, '')`);
};

async function projectEvent(tx: Transaction, event: EventEnvelope, changes: FeedRows): Promise<void> {
  try {
    switch (event.type) {
      case IncidentOpened.type: {
        const { data } = parseEvent(IncidentOpened, event);
        await upsertIncident(tx, data);
        changes.push({ countyCode: data.countyCode, change: { kind: "incident.upserted", incident: data } });
        return;
      }
      default:
        return; // not part of the picture (yet)
    }
  } catch (error) {
    if (error instanceof ZodError) throw new PoisonEventError(`invalid ${event.type}: ${error.message}`);
    throw error;
  }
}

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
}
