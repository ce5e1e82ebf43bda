import { SERVICES as BACKEND_SERVICES, DEVELOPMENT_ISSUER_PORT } from "@krisstod/contracts";
import { z } from "zod";

/**
 * What the dashboard talks to: the issuer, and every service (@krisstod/contracts SERVICES), each
 * of those proxied under `/api/<service>/…`.
 */
export const SERVICES = ["identity", ...BACKEND_SERVICES.map((service) => service.name)] as const;
export type ServiceName = "identity" | (typeof BACKEND_SERVICES)[number]["name"];
/**
 * `national`: reporting in the national mode at the hub (#23), proxied under `/api/national/…`
 * when NATIONAL_URL is set (a dashboard deployed at the hub for MSB); a county's has none.
 */
export type ServiceTargets = Record<ServiceName, string> & { national?: string };

const serviceUrl = (port: number) => z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${port}`);

type ServiceUrlVariables = {
  [S in (typeof BACKEND_SERVICES)[number] as `${S["env"]}_URL`]: ReturnType<typeof serviceUrl>;
};
/** ROSTER_URL, ACTIVATION_URL …: where the proxy sends `/api/<service>/`; default its local port. */
const serviceUrls = Object.fromEntries(
  BACKEND_SERVICES.map((service) => [`${service.env}_URL`, serviceUrl(service.port)]),
) as ServiceUrlVariables;

/** What the dev server reads from the environment; the browser bundle sees only `VITE_*`. */
export const dashboardEnv = z.object({
  /** The development OIDC issuer (apps/identity), when it runs; the default OIDC_ISSUER. */
  IDENTITY_URL: serviceUrl(DEVELOPMENT_ISSUER_PORT),
  /** The OpenID provider the dashboard signs people in with (served to the browser in /config.json). */
  OIDC_ISSUER: z.url().optional(),
  /** The dashboard's client id there: a public client with PKCE. */
  OIDC_CLIENT_ID: z.string().min(1).default("krisstod-dashboard"),
  OIDC_SCOPES: z.string().min(1).default("openid profile"),
  ...serviceUrls,
  /** Reporting in the national mode (REPORTING_MODE=national), at the hub only. */
  NATIONAL_URL: z.url({ protocol: /^https?$/ }).optional(),
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(5173),
  DASHBOARD_HOST: z.string().min(1).default("127.0.0.1"),
});
export type DashboardEnv = z.infer<typeof dashboardEnv>;

/** Parses the environment, or throws an error naming every bad variable. */
export function parseDashboardEnv(source: Record<string, string | undefined>): DashboardEnv {
  const result = dashboardEnv.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Invalid dashboard configuration:\n${lines.join("\n")}`);
}

/** What the browser reads from /config.json (src/auth/oidcConfig.ts). */
export interface BrowserConfig {
  issuer: string;
  clientId: string;
  scopes: string;
}

export function browserConfig(env: DashboardEnv): BrowserConfig {
  return {
    issuer: env.OIDC_ISSUER ?? env.IDENTITY_URL,
    clientId: env.OIDC_CLIENT_ID,
    scopes: env.OIDC_SCOPES,
  };
}

export function serviceTargets(env: DashboardEnv): ServiceTargets {
  return {
    identity: env.IDENTITY_URL,
    ...Object.fromEntries(BACKEND_SERVICES.map((service) => [service.name, env[`${service.env}_URL`]])),
    ...(env.NATIONAL_URL ? { national: env.NATIONAL_URL } : {}),
  } as ServiceTargets;
}
