import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, parseEnv, serviceEnv } from "@krisstod/config";
import { DEVELOPMENT_ISSUER_PORT, NATIONAL_REPORTING, SERVICES } from "@krisstod/contracts";
import { z } from "zod";

/** The repository root: the launcher runs every child from here. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

// Ports are printed as URLs and passed to children, so 0 ("pick any") is not allowed here.
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

type ServicePortVariables = {
  [S in (typeof SERVICES)[number] as `${S["env"]}_PORT`]: ReturnType<typeof port>;
};
/** ROSTER_PORT, ACTIVATION_PORT …: one per service, defaults from @krisstod/contracts SERVICES. */
const servicePorts = Object.fromEntries(
  SERVICES.map((service) => [`${service.env}_PORT`, port(service.port)]),
) as ServicePortVariables;

/**
 * The launcher's configuration. DATABASE_URL and NATS_URL are optional: when unset, the launcher
 * starts an embedded PostgreSQL and a nats-server child with their data under KS_DATA_DIR.
 */
export const launcherEnv = z.object({
  DATABASE_URL: serviceEnv.shape.DATABASE_URL.optional(),
  NATS_URL: serviceEnv.shape.NATS_URL.optional(),
  KS_DATA_DIR: z
    .string()
    .min(1)
    .default(resolve(repoRoot, ".data"))
    .transform((dir) => resolve(dir)),
  POSTGRES_PORT: port(54329),
  // 4223, not 4222, so the embedded server does not clash with a system NATS.
  NATS_PORT: port(4223),
  ...servicePorts,
  /** The national picture (reporting in the national mode), run beside the county with the embedded NATS. */
  NATIONAL_PORT: port(NATIONAL_REPORTING.port),
  DASHBOARD_PORT: port(5173),
  IDENTITY_PORT: port(DEVELOPMENT_ISSUER_PORT),
  /** An external OIDC issuer for the services; when unset the development issuer (apps/identity) runs. */
  OIDC_ISSUER: z.url().optional(),
  NATS_NAMESPACE: serviceEnv.shape.NATS_NAMESPACE,
  LOG_LEVEL: serviceEnv.shape.LOG_LEVEL,
  DEMO_DATA: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** How long to wait for every process to answer ready before giving up. */
  KS_READY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(180),
});
export type LauncherEnv = z.infer<typeof launcherEnv>;

export function parseLauncherEnv(source: Record<string, string | undefined>): LauncherEnv {
  return parseEnv(launcherEnv, emptyAsUnset(source));
}

/** For an entry point: parse process.env, or print the variables at fault and exit non-zero. */
export function loadLauncherEnv(): LauncherEnv {
  try {
    return parseLauncherEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG, as the services use
  }
}

/** `DATABASE_URL= npm start` means "unset", as a shell user would expect. */
function emptyAsUnset(source: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
}
