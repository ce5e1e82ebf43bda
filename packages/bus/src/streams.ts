import { subjects } from "@krisstod/contracts";
import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import type { NatsConnection } from "./connection.ts";

/**
 * How long JetStream remembers a Nats-Msg-Id. It must exceed the outbox relay's longest retry
 * horizon (a publish whose ack was lost is retried until it is recorded as published), so a
 * retried publish is never stored twice. Consumers dedupe by event id on top of this.
 */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface EventStreamOptions {
  namespace: string;
  replicas: number;
  /**
   * The stream's size limit in bytes (-1 or absent: none). Set it below the server's
   * max_file_store, so a full stream refuses new events (the outboxes keep them and retry,
   * visibly) instead of filling the store that every stream and consumer shares.
   */
  maxBytes?: number;
}

/** Creates or updates the namespace's event stream; safe to call on every start. */
export async function ensureEventStream(nc: NatsConnection, options: EventStreamOptions) {
  const jsm = await jetstreamManager(nc);
  const name = subjects.eventStream(options.namespace);
  const config = {
    subjects: [subjects.allEvents(options.namespace)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: options.replicas,
    // The regional picture is rebuilt by replaying history: keep it, and when full refuse new
    // events rather than drop the oldest.
    max_age: 0,
    max_bytes: options.maxBytes ?? -1,
    discard: DiscardPolicy.New,
  };
  try {
    await jsm.streams.info(name);
    await jsm.streams.update(name, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add({ name, ...config });
    } catch (addError) {
      // Another replica created it between our info and add.
      if (!String(addError).includes("already in use")) throw addError;
    }
  }
  return name;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && /not found/i.test(error.message);
}
