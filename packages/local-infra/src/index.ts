export { provideServiceRoles, type ServiceDatabaseUrls } from "./database-roles.ts";
export {
  isCurrentNatsServer,
  MINIMUM_NATS_SERVER,
  type NatsServerBinary,
  type NatsServerHandle,
  NatsServerMissingError,
  NatsServerTooOldError,
  natsServerBinary,
  requireNatsServer,
  startNatsServer,
} from "./nats.ts";
export {
  AUTHORIZATION_FILES,
  NATIONAL_REPORTING_USER,
  NATIONAL_SETUP_USER,
  NATIONAL_STREAM_OPERATOR,
  type NatsPermissions,
  type NatsUser,
  nationalReportingPermissions,
  nationalReportingUser,
  nationalSetupPermissions,
  nationalSetupUser,
  nationalStreamOperatorUser,
  natsAuthorizationFile,
  passwordVariable,
  renderAuthorization,
  servicePermissions,
  serviceUsers,
} from "./nats-authorization.ts";
export {
  archiveCurrentWal,
  archivingSettings,
  type BaseBackup,
  createArchiveFolder,
  prepareRecovery,
  serverTime,
  takeBaseBackup,
} from "./pitr.ts";
export { findFreePort, findFreePorts, isListening } from "./ports.ts";
export { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "./postgres.ts";
