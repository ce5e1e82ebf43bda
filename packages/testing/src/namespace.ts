import { generateKeyPairSync, randomBytes } from "node:crypto";
import { parseEnv, type ServiceEnv, serviceEnv } from "@krisstod/config";
import { type Principal, subjects } from "@krisstod/contracts";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { makePrincipal, startTestIssuer, type TestIssuer } from "./issuer.ts";

/** A short random token, safe in database names and NATS subjects. */
export function uniqueToken(): string {
  return randomBytes(5).toString("hex");
}

export interface Namespace {
  /** A fresh database of its own on the server. */
  readonly databaseUrl: string;
  /**
   * The NATS server, with the test harness's credentials in the URL when it has authorization:
   * connect with @krisstod/bus `connectNats` or `natsConnectOptions`, which read them.
   */
  readonly natsUrl: string;
  /** NATS namespace: subjects `t<token>.…`, stream `T<token>_EVENTS`. */
  readonly natsNamespace: string;
  /** A throwaway OIDC issuer the namespace's services trust. */
  readonly issuer: TestIssuer;
  /** Environment for startService(), on a free port, trusting `issuer`. */
  serviceEnv(overrides?: Partial<ServiceEnv>): ServiceEnv;
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
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const natsNamespace = `t${token}`;
  const issuer = await startTestIssuer();
  // The namespace's audit checkpoint key: a secret of the services, never in the database.
  const auditKey = generateKeyPairSync("ed25519")
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
  const nats = splitCredentials(natsUrl);
  const base = parseEnv(serviceEnv, {
    AUDIT_SIGNING_KEY: auditKey,
    PORT: "0",
    DATABASE_URL: url.toString(),
    NATS_URL: nats.servers,
    ...(natsServicePassword ? { NATS_PASSWORD: natsServicePassword } : {}),
    NATS_NAMESPACE: natsNamespace,
    LOG_LEVEL: "silent",
    OIDC_ISSUER: issuer.issuer,
    OIDC_JWKS_URL: issuer.jwksUrl,
    OIDC_AUDIENCE: issuer.audience,
  });
  const mint = (principal: Partial<Principal> = {}) => issuer.mint(makePrincipal(principal));
  return {
    databaseUrl: url.toString(),
    natsUrl,
    natsNamespace,
    issuer,
    serviceEnv: (overrides = {}) => ({ ...base, ...overrides }),
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
      } finally {
        await nc.close();
      }
    },
  };
}

/** A NATS URL without credentials, and the credentials it carried (as test URLs do). */
function splitCredentials(natsUrl: string): {
  servers: string;
  credentials: { user?: string; pass?: string };
} {
  const url = new URL(natsUrl);
  const credentials = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : {};
  return { servers: `${url.protocol}//${url.host}`, credentials };
}
