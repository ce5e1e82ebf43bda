export { type NatsServerHandle, NatsServerMissingError, natsServerBinary, startNatsServer } from "./nats.ts";
export { findFreePort } from "./ports.ts";
export { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "./postgres.ts";
