import { z } from "zod";

/** Thrown when the environment does not satisfy a schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Variables as the process gets them (process.env, or a test's few). */
export type Environment = Readonly<Record<string, string | undefined>>;

export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.join(".") || "(environment)",
      message: issue.message,
    })),
  );
}

/** For a process entry point: parse or print the problem and exit non-zero. */
export function loadEnvOrExit<S extends z.ZodType>(schema: S): z.infer<S> {
  try {
    return parseEnv(schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL");
const natsUrl = z
  .string()
  .regex(
    /^(nats|tls|ws|wss):\/\/[^,\s]+(,(nats|tls|ws|wss):\/\/[^,\s]+)*$/,
    "must be nats:// URL(s), comma-separated",
  );

/** The entries of a comma-separated variable: each trimmed, empty ones dropped. */
export const splitList = (value: string): string[] =>
  value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);

/** A variable holding a comma-separated list (splitList), the entries then checked by `list`. */
export const commaSeparated = <T extends z.ZodType<unknown, string[]>>(list: T) =>
  z.string().transform(splitList).pipe(list);

const claimPath = z
  .string()
  .regex(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, "must be a claim name or dotted path");
const originList = commaSeparated(
  z.array(z.url().regex(/^https?:\/\/[^/]+$/, "must be an origin like https://host:port")),
);

/**
 * The variables a service reads to verify access tokens (see @krisstod/auth for the claim mapping)
 * and to serve browsers.
 *
 * OIDC_ISSUER has no default on purpose: a service must be told whom to trust (the launcher points
 * it at the development issuer).
 */
export const identityEnv = z.object({
  OIDC_ISSUER: z.url(),
  OIDC_AUDIENCE: z.string().min(1).default("krisstod"),
  /** Default: `jwks_uri` from `<OIDC_ISSUER>/.well-known/openid-configuration`. */
  OIDC_JWKS_URL: z.url().optional(),
  OIDC_USER_CLAIM: claimPath.default("sub"),
  OIDC_NAME_CLAIM: claimPath.default("name"),
  OIDC_ORG_CLAIM: claimPath.default("org"),
  OIDC_COUNTY_CLAIM: claimPath.default("county"),
  /** e.g. `realm_access.roles` for Keycloak realm roles. */
  OIDC_ROLES_CLAIM: claimPath.default("roles"),
  OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Comma-separated browser origins allowed to call the service; default: the dashboard in dev. */
  CORS_ORIGINS: originList.default(["http://127.0.0.1:5173", "http://localhost:5173"]),
});

/** The variables every service reads: its own, the servers, and whom to trust for identity. */
export const serviceEnv = identityEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535),
  HOST: z.string().default("127.0.0.1"),
  /**
   * Port of the Prometheus `GET /metrics` listener (on HOST), apart from the API so that nothing
   * routed to the API reaches it; unset: no metrics listener (the embedded default).
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The service's own login role: DML on its schema only (see @krisstod/db roles). */
  DATABASE_URL: postgresUrl,
  /**
   * The service's migrator, owner of its schema: applies the migrations and grants. Needed where
   * the service migrates (MIGRATIONS=apply, and the `migrate` command); a service that only
   * verifies never gets the migrator's password.
   */
  MIGRATION_DATABASE_URL: postgresUrl.optional(),
  /**
   * `apply` (default; `npm start`, tests, compose): migrate at start, under the advisory lock.
   * `verify` (Kubernetes): the release's migrations ran before the rollout (the pre-deploy Job
   * runs `node dist/main.mjs migrate`); the service only checks that none is pending, and refuses
   * to start if one is, so the old pods keep serving.
   */
  MIGRATIONS: z.enum(["apply", "verify"]).default("apply"),
  NATS_URL: natsUrl,
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9]{0,30}$/, "must be lower-case letters and digits")
    .default("ks"),
  /**
   * The service's NATS identity (a user of the server's authorization; see @krisstod/bus
   * natsAuthorization). NATS_USER defaults to the service's name once NATS_PASSWORD is set.
   */
  NATS_USER: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, "must be lower-case letters, digits and dashes")
    .optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
  /** A CA certificate (PEM file) to trust for `tls://` NATS URLs, e.g. a private CA's. */
  NATS_TLS_CA_FILE: z.string().min(1).optional(),
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Size limit of the event stream in bytes; -1 (default) none. Production: below max_file_store. */
  NATS_STREAM_MAX_BYTES: z.coerce.number().int().min(-1).default(-1),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * How long a stop on SIGTERM may take before the process exits anyway (exit code 1): with NATS or
   * PostgreSQL gone a drain or the shutdown checkpoint would wait for ever. The default leaves the
   * Kubernetes preStop sleep (5 s) and 5 s more inside terminationGracePeriodSeconds (30).
   */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  /** `production` (the service images) hides what is for development only, e.g. GET /reference. */
  NODE_ENV: z.string().optional(),
  DEMO_DATA: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /**
   * The Ed25519 private key (PEM, PKCS#8) that signs the audit chain's checkpoints, or a file
   * holding it. A secret of the service that the database never sees; without one no checkpoint is
   * written and every audit verification says so.
   */
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  AUDIT_VERIFY_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
});
export type ServiceEnv = z.infer<typeof serviceEnv> & {
  /**
   * Settings that differ per service when one environment starts several services (tests and
   * benchmarks, in one process): `envForService` lays `perService[<service>]` over the rest, and
   * startService does so. A deployed service gets an environment of its own and never has this.
   */
  readonly perService?: Readonly<Record<string, Partial<z.infer<typeof serviceEnv>>>>;
};

/** The environment one service runs with: `env` with its `perService` entry applied. */
export function envForService(env: ServiceEnv, service: string): ServiceEnv {
  const { perService, ...common } = env;
  return { ...common, ...(perService?.[service] ?? {}) };
}
