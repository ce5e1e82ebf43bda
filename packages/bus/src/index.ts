export {
  checkNats,
  connectNats,
  connectNatsWithEnv,
  isNatsTimeout,
  type NatsConnection,
  type NatsCredentials,
  type NatsEnv,
  natsConnectOptions,
} from "./connection.ts";
export {
  type BatchHandler,
  DEFAULT_MAX_DELIVER,
  deadLetterCounts,
  EventConsumer,
  type EventConsumerOptions,
  type EventHandler,
  envelopeMismatch,
  PoisonEventError,
  parseEnvelope,
  parseEventOrPoison,
  poisonIfInvalid,
  readInOrder,
} from "./consumer.ts";
export { createEvent } from "./events.ts";
export { InterruptibleSleep } from "./interruptible-sleep.ts";
export { Outbox, OutboxRelay, type OutboxRelayOptions, outboxBacklog, outboxChannel } from "./outbox.ts";
export {
  RPC_AUTHORIZATION_HEADER,
  RpcError,
  RpcRefusedError,
  requestRpc,
  serveRpc,
} from "./rpc.ts";
export {
  type AidStreamOptions,
  DUPLICATE_WINDOW_MS,
  type EventStreamOptions,
  ensureAidStreams,
  ensureEventStream,
  ensureNationalStream,
  restoreEventStreamFromMirror,
  type StreamMirror,
} from "./streams.ts";
export { type BusTables, busTables } from "./tables.ts";
