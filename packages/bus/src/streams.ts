import { subjects } from "@krisstod/contracts";
import {
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamSource,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { type NatsConnection, type NatsCredentials, natsConnectOptions } from "./connection.ts";

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

function eventStreamConfig(options: EventStreamOptions) {
  return {
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
}

/** Creates or updates the namespace's event stream; safe to call on every start. */
export async function ensureEventStream(nc: NatsConnection, options: EventStreamOptions) {
  const jsm = await jetstreamManager(nc);
  const name = subjects.eventStream(options.namespace);
  const config = eventStreamConfig(options);
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

/** Adds the stream, or updates it to `config` when it exists (safe to call on every start). */
async function ensureStream(nc: NatsConnection, name: string, config: Record<string, unknown>) {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(name);
    await jsm.streams.update(name, config as never);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add({ name, ...config } as never);
    } catch (addError) {
      if (!String(addError).includes("already in use")) throw addError;
    }
  }
  return name;
}

export interface AidStreamOptions {
  /** The county's subject namespace (ks13). */
  namespace: string;
  /** The county this deployment serves: it receives what is addressed to it. */
  countyCode: string;
  replicas: number;
  /** The hub's JetStream domain (`national`) and its exchange stream (subjects.aidExchangeStream). */
  hub: { domain: string; stream: string };
}

/**
 * A county's two mutual-aid streams in the national topology (#23). Outbound holds what the county
 * sends (`{ns}.aid.>`), published by the activation service's outbox; the hub's exchange stream
 * sources it. Inbound has no subjects: it sources the hub's exchange stream across the leaf link,
 * only what is addressed to this county. While the link is down both sides keep what they have
 * and the sources resume where they stopped; the duplicate window and the receiver's inbox keep
 * a message from being applied twice.
 */
export async function ensureAidStreams(nc: NatsConnection, options: AidStreamOptions) {
  const common = {
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: options.replicas,
    max_age: 0,
    discard: DiscardPolicy.New,
  };
  const outbound = await ensureStream(nc, subjects.aidOutStream(options.namespace), {
    ...common,
    subjects: [`${options.namespace}.aid.>`],
  });
  const inbound = await ensureStream(nc, subjects.aidInStream(options.namespace), {
    ...common,
    subjects: [],
    sources: [
      {
        name: options.hub.stream,
        filter_subject: subjects.aidTo(options.countyCode),
        external: { api: `$JS.${options.hub.domain}.API`, deliver: "" },
      },
    ],
  });
  return { outbound, inbound };
}

/**
 * The national hub's stream (#23) as infra/nats/national-sources.json configures it: no subjects
 * of its own, only sources (each county's event stream, across its leaf link, or on one server
 * directly), file storage. Created when missing; an existing one is left as it is, since an
 * operator owns its sources. `servers` may carry the credentials (`nats://user:password@…`).
 * Connects once, without retrying, so a server that refuses is an error, not a wait.
 */
export async function ensureNationalStream(
  servers: string,
  options: {
    namespace: string;
    replicas: number;
    sources: readonly StreamSource[];
    credentials?: NatsCredentials;
  },
): Promise<string> {
  const nc = await connect({ ...natsConnectOptions(servers, options.credentials), timeout: 10_000 });
  try {
    const jsm = await jetstreamManager(nc);
    const name = subjects.nationalStream(options.namespace);
    const exists = await jsm.streams.info(name).then(
      () => true,
      (error: unknown) => (isNotFound(error) ? false : Promise.reject(error)),
    );
    if (!exists) {
      await jsm.streams.add({
        name,
        storage: StorageType.File,
        num_replicas: options.replicas,
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
        sources: [...options.sources],
      });
    }
    return name;
  } finally {
    await nc.close();
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && /not found/i.test(error.message);
}

/** Where a backup mirror of an event stream lives: a stream name, on another JetStream domain. */
export interface StreamMirror {
  name: string;
  /** The mirror's JetStream API prefix when it is on another cluster or domain (e.g. `$JS.national.API`). */
  external?: { api: string; deliver?: string };
}

/**
 * Restores a lost event stream from its backup mirror (docs/operations.md, "Restore drills"): the
 * stream is created afresh with its usual configuration, and every message of the mirror is
 * published into it again, in order, with its own headers: Nats-Msg-Id (the event id) is kept, so
 * JetStream drops a message it already has, and a stream without gaps keeps its sequence numbers.
 * Re-publishing rather than sourcing from the mirror: a stream cannot source from its own mirror
 * (JetStream refuses the cycle), and nats.js has no snapshot restore (`nats stream restore`).
 * Refuses when the stream still exists, so a live stream is never mixed with a restored one.
 */
export async function restoreEventStreamFromMirror(
  nc: NatsConnection,
  options: EventStreamOptions & { mirror: StreamMirror; inFlight?: number },
): Promise<{ messages: number; lastSequence: number }> {
  const name = subjects.eventStream(options.namespace);
  const jsm = await jetstreamManager(nc);
  const exists = await jsm.streams.info(name).then(
    () => true,
    (error: unknown) => (isNotFound(error) ? false : Promise.reject(error)),
  );
  if (exists) throw new Error(`stream ${name} exists: delete it first, a restore does not merge`);
  const { mirror } = options;
  const backup = jetstream(nc, mirror.external ? { apiPrefix: mirror.external.api } : {});
  const { state: wanted } = await (await backup.jetstreamManager()).streams.info(mirror.name);
  await jsm.streams.add({ name, ...eventStreamConfig(options) });
  if (wanted.messages === 0) return { messages: 0, lastSequence: 0 };

  const js = jetstream(nc);
  // An ordered consumer reads the mirror once, in sequence; publishes from one connection are
  // stored in the order they are sent, so a window of unacknowledged ones keeps the order.
  const messages = await (await backup.consumers.get(mirror.name)).consume();
  let pending: Promise<unknown>[] = [];
  for await (const message of messages) {
    pending.push(js.publish(message.subject, message.data, { headers: message.headers }));
    if (pending.length >= (options.inFlight ?? 256)) {
      await Promise.all(pending);
      pending = [];
    }
    if (message.seq >= wanted.last_seq) break;
  }
  await Promise.all(pending);
  await messages.close();
  const { state } = await jsm.streams.info(name);
  return { messages: state.messages, lastSequence: state.last_seq };
}
