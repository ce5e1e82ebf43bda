import {
  type AuditTables,
  sealAuditChain,
  secureAuditTrail,
  startAuditSealer,
  unsealedBacklog,
} from "@krisstod/audit";
import {
  type AuditWatch,
  ensureCheckpointStream,
  loadCheckpointKey,
  startAuditWatch,
} from "@krisstod/audit/checkpoints";
import {
  type AuthEnv,
  guardRoutes,
  type Policy,
  type RoutedApp,
  type RouteRule,
  routeTableOf,
  strictCors,
  type TokenVerifier,
  verifierFromEnv,
} from "@krisstod/auth";
import {
  type BatchHandler,
  type BusTables,
  checkNats,
  connectNatsWithEnv,
  deadLetterCounts,
  EventConsumer,
  type EventHandler,
  ensureEventStream,
  isNatsTimeout,
  type NatsConnection,
  Outbox,
  OutboxRelay,
  outboxBacklog,
} from "@krisstod/bus";
import { ConfigError, envForService, parseEnv, type ServiceEnv } from "@krisstod/config";
import type { Producer } from "@krisstod/contracts";
import {
  applyMigrations,
  checkDatabase,
  connectDatabase,
  currentRole,
  type DatabaseHandle,
  grantMigrationsRead,
  grantServiceAccess,
  pendingMigrations,
  withSessionLock,
} from "@krisstod/db";
import { type FetchApp, listen, type ObservedCheck, type ReadinessCheck } from "@krisstod/http";
import { createLogger, type Logger } from "@krisstod/logging";
import { createServiceMetrics, metricNames, type ServiceMetrics, serveMetrics } from "@krisstod/metrics";
import { startTracing, tracingEnv } from "@krisstod/tracing/sdk";
import type { MiddlewareHandler } from "hono";
import { every } from "hono/combine";
import { ExclusiveConsumer } from "./exclusive-consumer.ts";

export { createGuardedApp, type GuardedAppOptions } from "./app.ts";
export { type Ask, serviceRpc } from "./rpc-client.ts";

/** What a running service hands to its routes, consumers and seeders. */
export interface ServiceContext {
  readonly env: ServiceEnv;
  /** Verifies access tokens from the configured OIDC issuer. */
  readonly verifier: TokenVerifier;
  /**
   * The one access gate of a service: strict CORS, then the service's policy table applied to the
   * route table derived from its routes' declarations (`routeTableOf`: throws when a route has no
   * action). 401 without a valid token, 403 for a wrong role, unknown routes refused. Give it the
   * built sub-app of guarded routes; install it after createServiceApp (so /healthz, /readyz and
   * /openapi.json stay open) and before mounting those routes.
   */
  guard<Action extends string>(policy: Policy<Action>, api: RoutedApp): MiddlewareHandler<AuthEnv>;
  readonly logger: Logger;
  /** The service's Prometheus metrics: pass `metrics.http` to createServiceApp. */
  readonly metrics: ServiceMetrics;
  readonly database: DatabaseHandle;
  readonly nc: NatsConnection;
  readonly outbox: Outbox;
  readonly stream: string;
  /** Ready on the database alone; NATS is observed only (packages/http, ObservedCheck). */
  readonly readiness: Record<string, ReadinessCheck | ObservedCheck>;
  /**
   * The audit trail's checkpoints and verification, when the service keeps a trail: routes verify
   * on request (`GET /audit/verify`) and show the latest scheduled result (`GET /audit/status`).
   */
  readonly audit?: AuditWatch;
}

export interface ConsumerDefinition {
  durable: string;
  filterSubject: (namespace: string) => string;
  handle: (context: ServiceContext) => EventHandler | { batch: BatchHandler };
  maxBatch?: number;
  /** Deliveries before a failing event is dead-lettered (default DEFAULT_MAX_DELIVER of @krisstod/bus). */
  maxDeliver?: number;
  /**
   * One process of the service at a time runs it, the others stand by (see ExclusiveConsumer): for
   * a projection whose events must be applied in stream order even with several replicas.
   */
  exclusive?: boolean;
}

export interface ServiceDefinition {
  name: Producer;
  /** The service's own PostgreSQL schema; migrations bookkeeping lives in `<schema>_migrations`. */
  schemaName: string;
  migrationsFolder: string;
  tables: BusTables;
  /**
   * The service's audit trail (`auditTables(schema)` of `@krisstod/audit`), if it keeps one: requests
   * append unsealed rows, and the service seals them into the hash chain in the background.
   */
  audit?: AuditTables;
  buildApp: (context: ServiceContext) => FetchApp;
  consumers?: ConsumerDefinition[];
  /** Other long-lived parts (rpc responders, timers); each returns its stop function. */
  background?: ((context: ServiceContext) => Promise<() => Promise<void>>)[];
  seedDemoData?: (context: ServiceContext) => Promise<void>;
}

/**
 * What a service's app and its background parts share, one per running instance (tests start
 * several in one process): `const partsOf = perContext((context) => create(context))`, then
 * `partsOf(context)` in `background` and in `buildApp` gives the same object for one start.
 */
export function perContext<T>(create: (context: ServiceContext) => T): (context: ServiceContext) => T {
  const made = new WeakMap<ServiceContext, T>();
  return (context) => {
    if (!made.has(context)) made.set(context, create(context));
    return made.get(context) as T;
  };
}

export interface RunningService {
  readonly url: string;
  readonly port: number;
  /** `GET /metrics` when METRICS_PORT is set. */
  readonly metricsUrl?: string;
  readonly context: ServiceContext;
  /** The route table its guard enforces (method, path, action), as derived from its routes. */
  readonly routes: readonly RouteRule[];
  /** Every (method, path) its app registers, open ones included (not middleware). */
  readonly registeredRoutes: readonly { method: string; path: string }[];
  stop(): Promise<void>;
}

export async function startService(
  definition: ServiceDefinition,
  sharedEnv: ServiceEnv,
): Promise<RunningService> {
  const env = envForService(sharedEnv, definition.name);
  if (definition.audit) requireAuditKeyInProduction(env);
  const logger = createLogger(definition.name, env.LOG_LEVEL);
  // Off unless OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; started first so every span exports.
  const tracing = startTracing(definition.name, parseEnv(tracingEnv));
  // Process metrics only when served (METRICS_PORT): tests start many services in one process.
  const metrics = createServiceMetrics({ processMetrics: env.METRICS_PORT !== undefined });
  const database = connectDatabase(env.DATABASE_URL);
  if (env.MIGRATIONS !== "verify") await migrate(definition, env, database, logger);
  else
    await requireMigrated(definition, database).catch(async (error: unknown) => {
      await database.close();
      throw error;
    });
  const nc = await connectNatsWithEnv(env, { name: definition.name, logger });
  const stream = await whileJetStreamUnavailable(logger, "event stream", () =>
    ensureEventStream(nc, {
      namespace: env.NATS_NAMESPACE,
      replicas: env.NATS_STREAM_REPLICAS,
      maxBytes: env.NATS_STREAM_MAX_BYTES,
    }),
  );
  const verifier = verifierFromEnv(env);
  const audit =
    definition.audit &&
    (await startAuditCheckpoints(definition, definition.audit, env, nc, database, logger));
  const guarded: RouteRule[] = [];
  const context: ServiceContext = {
    env,
    verifier,
    guard: (policy, api) => {
      const routes = routeTableOf(api, policy);
      guarded.splice(0, guarded.length, ...routes); // the latest app built (a test may build another)
      return every(strictCors(env.CORS_ORIGINS), guardRoutes(verifier, policy, routes));
    },
    logger,
    metrics,
    database,
    nc,
    stream,
    outbox: new Outbox(definition.tables, env.NATS_NAMESPACE, definition.schemaName),
    // Writes need only PostgreSQL (the outbox holds events while NATS is away), so a NATS outage
    // must not make every replica unready and take the UI down with it.
    readiness: { database: () => checkDatabase(database), nats: { observe: () => checkNats(nc) } },
    ...(audit ? { audit } : {}),
  };
  const seed = definition.seedDemoData;
  if (env.DEMO_DATA && seed) {
    // Replicas starting together would both find the demo data missing and both insert it.
    await withSessionLock(database, `${definition.schemaName}_demo_data`, () => seed(context));
  }

  const relay = new OutboxRelay({ sql: database.sql, nc, schemaName: definition.schemaName, logger });
  await relay.start();
  const sealer =
    definition.audit &&
    startAuditSealer({
      db: database.db,
      tables: definition.audit,
      onError: (error) =>
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, "audit sealing failed"),
    });
  const consumers = (definition.consumers ?? []).map((consumer) => {
    const eventConsumer = new EventConsumer({
      nc,
      db: database.db,
      tables: definition.tables,
      logger,
      stream,
      durable: consumer.durable,
      filterSubject: consumer.filterSubject(env.NATS_NAMESPACE),
      handle: consumer.handle(context),
      ...(consumer.maxBatch ? { maxBatch: consumer.maxBatch } : {}),
      ...(consumer.maxDeliver ? { maxDeliver: consumer.maxDeliver } : {}),
    });
    return consumer.exclusive ? new ExclusiveConsumer(eventConsumer, database, logger) : eventConsumer;
  });
  for (const consumer of consumers)
    await whileJetStreamUnavailable(logger, `consumer ${consumer.durable}`, () => consumer.start());
  const stopBackground = await Promise.all((definition.background ?? []).map((start) => start(context)));
  observeBus(metrics, definition, database, consumers);
  if (audit && definition.audit) observeAudit(metrics, audit, database, definition.audit);

  const app = definition.buildApp(context);
  const server = await listen(app, { port: env.PORT, hostname: env.HOST });
  logger.info({ url: server.url }, `${definition.name} listening`);
  const metricsServer =
    env.METRICS_PORT === undefined
      ? undefined
      : await serveMetrics(metrics.registry, { port: env.METRICS_PORT, hostname: env.HOST });
  if (metricsServer) logger.info({ url: metricsServer.url }, "metrics listening");

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await server.close();
      for (const stopPart of stopBackground) await stopPart();
      for (const consumer of consumers) await consumer.stop();
      await relay.stop();
      await sealer?.stop();
      if (definition.audit && audit) {
        // Seal and checkpoint what was accessed up to the shutdown, so no row waits for a restart.
        await sealAuditChain(database.db, definition.audit, { wait: true }).catch(() => 0);
        await audit.stop();
      }
      await nc.drain().catch(() => {});
      await database.close();
      await metricsServer?.close();
      await tracing?.shutdown().catch(() => {});
      logger.info(`${definition.name} stopped`);
    })();
    return stopping;
  };
  return {
    url: server.url,
    port: server.port,
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    context,
    routes: guarded,
    registeredRoutes: registeredRoutes(app),
    stop,
  };
}

function registeredRoutes(app: FetchApp): { method: string; path: string }[] {
  const routes = (app as Partial<RoutedApp>).routes ?? [];
  const seen = new Map<string, { method: string; path: string }>();
  for (const { method, path } of routes) {
    if (method !== "ALL") seen.set(`${method} ${path}`, { method, path });
  }
  return [...seen.values()];
}

/** The bus's health as gauges read at scrape time: outbox backlog, consumer lag, dead letters. */
function observeBus(
  metrics: ServiceMetrics,
  definition: ServiceDefinition,
  database: DatabaseHandle,
  consumers: readonly Pick<EventConsumer, "durable" | "lag">[],
): void {
  const backlog = () => outboxBacklog(database.sql, definition.schemaName);
  metrics.scrapeGauge({
    name: metricNames.outboxPending,
    help: "Events in the outbox not yet published to NATS.",
    read: async () => [{ value: (await backlog()).pending }],
  });
  metrics.scrapeGauge({
    name: metricNames.outboxOldestAge,
    help: "Seconds the oldest unpublished outbox event has waited (0 when none waits).",
    read: async () => [{ value: (await backlog()).oldestAgeSeconds }],
  });
  if (consumers.length === 0) return;
  const lags = async () =>
    Promise.all(
      consumers.map(async (consumer) => ({ consumer: consumer.durable, ...(await consumer.lag()) })),
    );
  metrics.scrapeGauge({
    name: metricNames.consumerPending,
    help: "Events in the stream a durable consumer has not yet been handed (JetStream num_pending).",
    labelNames: ["consumer"],
    read: async () =>
      (await lags()).map((lag) => ({ labels: { consumer: lag.consumer }, value: lag.pending })),
  });
  metrics.scrapeGauge({
    name: metricNames.consumerAckPending,
    help: "Events handed to a durable consumer and not yet acknowledged (JetStream num_ack_pending).",
    labelNames: ["consumer"],
    read: async () =>
      (await lags()).map((lag) => ({ labels: { consumer: lag.consumer }, value: lag.ackPending })),
  });
  metrics.scrapeGauge({
    name: metricNames.deadLetters,
    help: "Events a consumer gave up on (terminated and recorded), by consumer.",
    labelNames: ["consumer"],
    read: async () => {
      const counts = new Map(consumers.map((consumer) => [consumer.durable, 0]));
      for (const row of await deadLetterCounts(database.db, definition.tables))
        counts.set(row.consumer, row.count);
      return [...counts].map(([consumer, value]) => ({ labels: { consumer }, value }));
    },
  });
}

/**
 * The latest audit-trail verification: its result, and when it ran (absent before the first); and
 * how long the oldest access has waited to be sealed into the chain.
 */
function observeAudit(
  metrics: ServiceMetrics,
  audit: AuditWatch,
  database: DatabaseHandle,
  tables: AuditTables,
): void {
  metrics.scrapeGauge({
    name: metricNames.auditUnsealedOldestAge,
    help: "Seconds the oldest audit row not yet sealed into the hash chain has waited (0 when none waits).",
    read: async () => [{ value: (await unsealedBacklog(database.db, tables)).oldestAgeSeconds }],
  });
  metrics.scrapeGauge({
    name: metricNames.auditVerificationOk,
    help: "1 when the latest verification of the audit trail found it intact, 0 when it found it broken.",
    read: async () => {
      const latest = audit.latest();
      return latest ? [{ value: latest.ok ? 1 : 0 }] : [];
    },
  });
  metrics.scrapeGauge({
    name: metricNames.auditVerificationTimestamp,
    help: "When the latest verification of the audit trail ran (Unix seconds).",
    read: async () => {
      const latest = audit.latest();
      return latest ? [{ value: Date.parse(latest.checkedAt) / 1000 }] : [];
    },
  });
}

/**
 * The service's checkpoint stream and audit loops (`@krisstod/audit/checkpoints`): signed checkpoints
 * of the chain every AUDIT_CHECKPOINT_INTERVAL_SECONDS, a verification every
 * AUDIT_VERIFY_INTERVAL_SECONDS whose failure is logged as an error and shown to the admin.
 */
async function startAuditCheckpoints(
  definition: ServiceDefinition,
  tables: AuditTables,
  env: ServiceEnv,
  nc: NatsConnection,
  database: DatabaseHandle,
  logger: Logger,
): Promise<AuditWatch> {
  const key = loadCheckpointKey(env);
  if (key)
    // Retried like the event stream: the one JetStream set-up call of the start that was not. A
    // reporting process restarted while the cluster elected a leader exited during its start on a
    // TimeoutError with nothing logged before it (test/faults/nats-cluster.test.ts), as this call
    // would have.
    await whileJetStreamUnavailable(logger, "audit checkpoint stream", () =>
      ensureCheckpointStream(nc, { namespace: env.NATS_NAMESPACE, replicas: env.NATS_STREAM_REPLICAS }),
    );
  else
    logger.warn(
      "no AUDIT_SIGNING_KEY(_FILE): the audit trail is not checkpointed, tampering is not provable",
    );
  return startAuditWatch({
    db: database.db,
    tables,
    nc,
    namespace: env.NATS_NAMESPACE,
    service: definition.name,
    key,
    checkpointIntervalMs: env.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000,
    verifyIntervalMs: env.AUDIT_VERIFY_INTERVAL_SECONDS * 1000,
    // A first look soon after start, so the admin's alert has something to show.
    firstVerifyAfterMs: Math.min(10_000, env.AUDIT_VERIFY_INTERVAL_SECONDS * 1000),
    onError: (error, what) =>
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, `audit ${what} failed`),
    onBroken: (verification) =>
      logger.error({ audit: verification.break }, "audit trail verification failed"),
  });
}

/**
 * Applies the migrations as the service's migrator (MIGRATION_DATABASE_URL, the schema's owner) and
 * grants the service's own role (DATABASE_URL) what it needs and no more: DML on the schema's
 * tables, on the audit trail only SELECT and INSERT plus the sealing function. The migrator's
 * connection is closed before the service serves anything.
 */
async function migrate(
  definition: ServiceDefinition,
  env: ServiceEnv,
  database: DatabaseHandle,
  logger: Logger,
): Promise<void> {
  if (!env.MIGRATION_DATABASE_URL) {
    throw new ConfigError([
      {
        variable: "MIGRATION_DATABASE_URL",
        message: "required to migrate (MIGRATIONS=apply or the migrate command)",
      },
    ]);
  }
  const serviceRole = await currentRole(database);
  const migrator = connectDatabase(env.MIGRATION_DATABASE_URL, { max: 3 });
  try {
    const migratorRole = await currentRole(migrator);
    await applyMigrations(migrator, {
      migrationsFolder: definition.migrationsFolder,
      migrationsSchema: `${definition.schemaName}_migrations`,
      afterwards: async () => {
        if (migratorRole === serviceRole) {
          // Grants to oneself change nothing, and revoking the trail's UPDATE would stop sealing.
          logger.warn(
            { role: serviceRole },
            "DATABASE_URL and MIGRATION_DATABASE_URL log in as the same role: the service owns its schema and can change its audit trail",
          );
          if (definition.audit) await secureAuditTrail(migrator.db, definition.audit);
          return;
        }
        const audit = definition.audit;
        await grantMigrationsRead(migrator, `${definition.schemaName}_migrations`, serviceRole);
        await grantServiceAccess(migrator, {
          schema: definition.schemaName,
          serviceRole,
          ...(audit ? { restrict: (tx) => secureAuditTrail(tx, audit, serviceRole) } : {}),
        });
      },
    });
  } finally {
    await migrator.close();
  }
}

/**
 * A production start (NODE_ENV=production, as the service image sets) without the audit signing key
 * is refused: the trail would not be checkpointed, so an edit by someone with the database could
 * not be proven (README, "Privacy and audit"). Development and tests may run without one (a warning).
 */
export function requireAuditKeyInProduction(env: ServiceEnv, nodeEnv = process.env.NODE_ENV): void {
  if (nodeEnv !== "production" || env.AUDIT_SIGNING_KEY || env.AUDIT_SIGNING_KEY_FILE) return;
  throw new ConfigError([
    {
      variable: "AUDIT_SIGNING_KEY",
      message:
        "required in production (NODE_ENV=production): set AUDIT_SIGNING_KEY (an Ed25519 private key, PEM) or AUDIT_SIGNING_KEY_FILE (a path to one); without it the audit trail is not checkpointed and tampering cannot be proven",
    },
  ]);
}

/** The release's migrations have not all been applied (MIGRATIONS=verify). */
export class MigrationsPendingError extends Error {
  override name = "MigrationsPendingError";
}

/**
 * With MIGRATIONS=verify the migrations ran before the rollout (the pre-deploy Job); a replica of
 * a newer release started before its Job finished refuses to start, rather than run on a schema it
 * does not know, and the previous release keeps serving.
 */
async function requireMigrated(definition: ServiceDefinition, database: DatabaseHandle): Promise<void> {
  const pending = await pendingMigrations(database, {
    migrationsFolder: definition.migrationsFolder,
    migrationsSchema: `${definition.schemaName}_migrations`,
  });
  if (pending > 0) {
    throw new MigrationsPendingError(
      `${definition.name}: ${pending} migration(s) of this release are not applied; run the release's migrations job (node dist/main.mjs migrate) first`,
    );
  }
}

/**
 * Applies the service's migrations and grants, under the advisory lock, and returns: the
 * pre-deploy step (`node dist/main.mjs migrate`, the Kubernetes Job in infra/k8s/base/migrations.yaml).
 */
export async function migrateService(definition: ServiceDefinition, env: ServiceEnv): Promise<void> {
  const own = envForService(env, definition.name);
  const logger = createLogger(definition.name, own.LOG_LEVEL);
  const database = connectDatabase(own.DATABASE_URL, { max: 2 });
  try {
    await migrate(definition, own, database, logger);
    const left = await pendingMigrations(database, {
      migrationsFolder: definition.migrationsFolder,
      migrationsSchema: `${definition.schemaName}_migrations`,
    });
    logger.info({ pending: left }, `${definition.name} migrations applied`);
  } finally {
    await database.close();
  }
}

/**
 * A service process's entry: starts it and stops it on signals, or with the argument `migrate`
 * only applies its migrations and exits. A configuration it cannot run with, or a database its
 * release has not migrated, is printed (no stack trace) and the process exits 78 (EX_CONFIG) or 1.
 */
export async function runService(definition: ServiceDefinition, env: ServiceEnv): Promise<void> {
  surviveStrayNatsTimeouts(createLogger(definition.name));
  try {
    if (process.argv[2] === "migrate") {
      await migrateService(definition, env);
      process.exit(0);
    }
    const grace = envForService(env, definition.name).SHUTDOWN_GRACE_SECONDS;
    stopOnSignals(await startService(definition, env), grace);
  } catch (error) {
    if (error instanceof MigrationsPendingError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

/**
 * A NATS request timeout that rejects with nobody awaiting it — inside the NATS client, while a
 * JetStream cluster elects a stream leader — is logged and the process carries on: a service must
 * not exit through a cluster's bad minute (test/faults/nats-cluster.test.ts saw a restarted
 * support-centres exit on one, its stack only the client's timer). Every other unhandled rejection
 * still ends the process, as Node does by default.
 */
export function surviveStrayNatsTimeouts(logger: Logger, on: Pick<NodeJS.Process, "on"> = process): void {
  on.on("unhandledRejection", (reason) => {
    if (isNatsTimeout(reason)) {
      logger.warn(
        { err: String(reason) },
        "a NATS request timed out with nobody waiting for it; carrying on",
      );
      return;
    }
    throw reason;
  });
}

/**
 * Stops the service cleanly on SIGINT/SIGTERM. A stop that cannot finish within `graceSeconds`
 * (NATS gone: the drain and the shutdown checkpoint wait for a server that does not answer) ends
 * the process anyway, so an orchestrator's rolling restart is not held up until its SIGKILL. What
 * was not handed over stays in the outbox and goes on the next start.
 */
export function stopOnSignals(service: Pick<RunningService, "stop">, graceSeconds = 20): void {
  const handler = (signal: NodeJS.Signals) => {
    setTimeout(() => {
      process.stderr.write(`stop on ${signal} did not finish within ${graceSeconds} s; exiting\n`);
      process.exit(1);
    }, graceSeconds * 1000);
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
}

/**
 * Retries a JetStream set-up call while JetStream cannot answer: a process started while the
 * cluster elects a stream leader (a node was just lost) would otherwise exit, and a crash loop is
 * what a NATS cluster's bad minute must not cause (found by test/faults/nats-cluster.test.ts: a
 * service restarted as the stream leader's node was killed). Gives up after `forMs`.
 */
async function whileJetStreamUnavailable<T>(
  logger: Logger,
  what: string,
  work: () => Promise<T>,
  forMs = 300_000,
): Promise<T> {
  const deadline = Date.now() + forMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      // Only "no answer yet"; a refusal (permissions, a bad configuration) fails at once.
      const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
      const unavailable = /timeout|no responders|temporarily unavailable|no suitable peers|leader/i.test(
        text,
      );
      if (!unavailable || Date.now() > deadline) throw error;
      logger.warn(
        { what, attempt, err: error instanceof Error ? error.message : String(error) },
        "JetStream did not answer; retrying",
      );
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** Math.min(attempt, 5))));
    }
  }
}
