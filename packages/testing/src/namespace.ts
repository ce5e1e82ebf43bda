import { generateKeyPairSync, randomBytes } from "node:crypto";
import { envForService, parseEnv, type ServiceEnv, serviceEnv } from "@krisstod/config";
import { type Principal, subjects } from "@krisstod/contracts";
import { DATABASE_SERVICES, provisionServiceRoles, serviceRoles } from "@krisstod/db";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { makePrincipal, startTestIssuer, type TestIssuer } from "./issuer.ts";

/** A short random token, safe in database names and NATS subjects. */
export function uniqueToken(): string {
  return randomBytes(5).toString("hex");
}

export interface ServiceDatabaseUrls {
  /** As the service's own role (what the running service uses). */
  readonly url: string;
  /** As the service's migrator (owner of its schema). */
  readonly migrationUrl: string;
}

export interface Namespace {
  /**
   * A fresh database of its own on the server, as the administrator: for a test to look at or
   * change anything. Services never get it; they log in as their own roles (`databaseUrls`).
   */
  readonly databaseUrl: string;
  /** The service's two roles' URLs for this database. */
  databaseUrls(service: string): ServiceDatabaseUrls;
  /**
   * The NATS server, with the test harness's credentials in the URL when it has authorization:
   * connect with @krisstod/bus `connectNats` or `natsConnectOptions`, which read them.
   */
  readonly natsUrl: string;
  /** NATS namespace: subjects `t<token>.…`, stream `T<token>_EVENTS`. */
  readonly natsNamespace: string;
  /** A throwaway OIDC issuer the namespace's services trust. */
  readonly issuer: TestIssuer;
  /**
   * Environment for startService(), on a free port, trusting `issuer`: every service gets its own
   * database roles from `perService` (startService picks its entry).
   */
  serviceEnv(overrides?: Partial<ServiceEnv>): ServiceEnv;
  /** The environment of one service alone (for a service run as a process of its own). */
  envFor(service: string, overrides?: Partial<ServiceEnv>): ServiceEnv;
  /** An access token from `issuer` (a Halmstad POSOM lead unless told otherwise). */
  token(principal?: Partial<Principal>): Promise<string>;
  /** `Authorization` header for `token(principal)`, plus JSON content type. */
  headers(principal?: Partial<Principal>): Promise<Record<string, string>>;
  /** Drops the database and the namespace's stream. */
  drop(): Promise<void>;
}

/**
 * A database and a NATS namespace of their own on shared servers, so test files (and benchmark
 * targets) run side by side and clean up by dropping the namespace, not by remembering ids.
 * `natsServicePassword`: the services' NATS password (each connects as its own user, see nats.ts);
 * none for a server without authorization.
 */
export async function createNamespace(
  adminUrl: string,
  natsUrl: string,
  natsServicePassword?: string,
): Promise<Namespace> {
  const token = uniqueToken();
  const database = `t_${token}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin`create database ${admin(database)}`;
  const databaseUrls = await provisionTestRoles(adminUrl, database);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const natsNamespace = `t${token}`;
  const issuer = await startTestIssuer();
  // The namespace's audit checkpoint key: a secret of the services, never in the database.
  const auditKey = generateKeyPairSync("ed25519")
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
  const nats = splitCredentials(natsUrl);
  // Without a service's entry in perService nothing may log in: a role that does not exist.
  const nobody = loginUrl(url, "ks_no_service_chosen", "none");
  const common = parseEnv(serviceEnv, {
    AUDIT_SIGNING_KEY: auditKey,
    PORT: "0",
    DATABASE_URL: nobody,
    MIGRATION_DATABASE_URL: nobody,
    NATS_URL: nats.servers,
    ...(natsServicePassword ? { NATS_PASSWORD: natsServicePassword } : {}),
    NATS_NAMESPACE: natsNamespace,
    LOG_LEVEL: "silent",
    OIDC_ISSUER: issuer.issuer,
    OIDC_JWKS_URL: issuer.jwksUrl,
    OIDC_AUDIENCE: issuer.audience,
  });
  const base: ServiceEnv = {
    ...common,
    perService: Object.fromEntries(
      DATABASE_SERVICES.map((service) => {
        const urls = databaseUrls(service);
        return [service, { DATABASE_URL: urls.url, MIGRATION_DATABASE_URL: urls.migrationUrl }];
      }),
    ),
  };
  const mint = (principal: Partial<Principal> = {}) => issuer.mint(makePrincipal(principal));
  return {
    databaseUrl: url.toString(),
    databaseUrls,
    natsUrl,
    natsNamespace,
    issuer,
    serviceEnv: (overrides = {}) => ({ ...base, ...overrides }),
    envFor: (service, overrides = {}) => ({ ...envForService(base, service), ...overrides }),
    token: mint,
    headers: async (principal = {}) => ({
      Authorization: `Bearer ${await mint(principal)}`,
      "Content-Type": "application/json",
    }),
    drop: async () => {
      await issuer.close();
      await admin`drop database if exists ${admin(database)} with (force)`;
      await admin.end();
      const nc = await connect({ servers: nats.servers, ...nats.credentials });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.streams.delete(subjects.eventStream(natsNamespace)).catch(() => {});
        // The audit checkpoint stream (`checkpointStreamName` of @krisstod/audit, which depends on this package).
        await jsm.streams.delete(`${natsNamespace.toUpperCase()}_AUDIT_CHECKPOINTS`).catch(() => {});
        // Mutual aid across counties' deployments, where a test turned it on.
        await jsm.streams.delete(subjects.aidOutStream(natsNamespace)).catch(() => {});
        await jsm.streams.delete(subjects.aidInStream(natsNamespace)).catch(() => {});
      } finally {
        await nc.close();
      }
    },
  };
}

/** A NATS URL without credentials, and the credentials it carried (as test URLs do). */
export function splitCredentials(natsUrl: string): {
  servers: string;
  credentials: { user?: string; pass?: string };
} {
  const url = new URL(natsUrl);
  const credentials = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : {};
  return { servers: `${url.protocol}//${url.host}`, credentials };
}

/**
 * Creates every service's roles in `database` (as `@krisstod/db` does everywhere) and returns where
 * each service logs in. Roles are cluster-wide and shared by every test file (and every test run
 * on the server), so their passwords are fixed ones, not secrets: this is a test server.
 */
export async function provisionTestRoles(
  adminUrl: string,
  database: string,
): Promise<(service: string) => ServiceDatabaseUrls> {
  await provisionServiceRoles({ adminUrl, database, passwords: testPasswords });
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return (service) => {
    const roles = serviceRoles(service);
    const passwords = testPasswords(service);
    return {
      url: loginUrl(url, roles.role, passwords.role),
      migrationUrl: loginUrl(url, roles.migratorRole, passwords.migratorRole),
    };
  };
}

/** The fixed test passwords of a service's roles (see `provisionTestRoles`). */
export function testPasswords(service: string): { role: string; migratorRole: string } {
  const roles = serviceRoles(service);
  return { role: `test-${roles.role}`, migratorRole: `test-${roles.migratorRole}` };
}

function loginUrl(database: URL, user: string, password: string): string {
  const url = new URL(database.toString());
  url.username = user;
  url.password = password;
  return url.toString();
}
