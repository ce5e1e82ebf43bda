/**
 * The one list of Krisstöd's backend services. The launcher, the dashboard's proxy, the tests, the
 * NATS authorization, the database roles and the checks of docker-compose.yml and infra/k8s all
 * read it, so adding a service starts with one entry here (README, "Adding a service").
 *
 * Plain data with no dependencies, so that scripts and the browser bundle can import it too.
 */
export interface ServiceDefinition {
  /** The app's folder under apps/, its NATS user, its container and its Kubernetes name. */
  readonly name: string;
  /** The HTTP port it listens on by default (`npm start`, compose, Kubernetes). */
  readonly port: number;
  /** Upper-case stem of its variables: `<ENV>_PORT` (launcher), `<ENV>_URL` (dashboard). */
  readonly env: string;
}

export const SERVICES = [
  { name: "roster", port: 4101, env: "ROSTER" },
  { name: "activation", port: 4102, env: "ACTIVATION" },
  { name: "support-centres", port: 4103, env: "SUPPORT_CENTRES" },
  { name: "reporting", port: 4104, env: "REPORTING" },
] as const satisfies readonly ServiceDefinition[];

export type ServiceName = (typeof SERVICES)[number]["name"];

/**
 * Reporting in the national mode (REPORTING_MODE=national, #23): the national picture, served at
 * the hub (infra/k8s/overlays/national) and by `npm start` beside the county. Not one of SERVICES:
 * it has no database, no county NATS user and no place in a county's deployment. The dashboard
 * proxies `/api/<name>/…` to it where NATIONAL_URL is set.
 */
export const NATIONAL_REPORTING = {
  name: "national",
  port: 4105,
  env: "NATIONAL",
} as const satisfies ServiceDefinition;

/** The services' names in start order (roster first: the others call it). */
export const SERVICE_NAMES = SERVICES.map((service) => service.name) as [ServiceName, ...ServiceName[]];

/**
 * The port every deployed service serves Prometheus `GET /metrics` on (METRICS_PORT), apart from
 * the API; each runs in a container or pod of its own, so they can share the number.
 */
export const METRICS_PORT = 9464;

/** The development OIDC issuer (apps/identity) that `npm start` runs beside the services. */
export const DEVELOPMENT_ISSUER_PORT = 4100;

/** Where the dashboard reaches a service: `/api/<name>/…` (dev proxy and nginx alike). */
export function servicePathPrefix(name: ServiceName): string {
  return `/api/${name}`;
}

/** The service's PostgreSQL schema: its name with `_` for `-` (`support_centres`). */
export function serviceSchema(name: string): string {
  return name.replace(/-/g, "_");
}

export function serviceDefinition(name: ServiceName): (typeof SERVICES)[number] {
  const found = SERVICES.find((service) => service.name === name);
  if (!found) throw new Error(`unknown service ${name}`);
  return found;
}
