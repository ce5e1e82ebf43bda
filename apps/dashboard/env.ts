import { z } from "zod";

/** The services the dashboard talks to; each is proxied under `/api/<service>/…`. */
export const SERVICES = ["identity", "roster", "activation", "support-centres", "reporting"] as const;
export type ServiceName = (typeof SERVICES)[number];
export type ServiceTargets = Record<ServiceName, string>;

const serviceUrl = (port: number) => z.url({ protocol: /^https?$/ }).default(`http://127.0.0.1:${port}`);

/** What the dev server reads from the environment; the browser bundle sees only `VITE_*`. */
export const dashboardEnv = z.object({
  /** The development OIDC issuer (apps/identity); sign-in lists its demo users. */
  IDENTITY_URL: serviceUrl(4100),
  ROSTER_URL: serviceUrl(4101),
  ACTIVATION_URL: serviceUrl(4102),
  SUPPORT_CENTRES_URL: serviceUrl(4103),
  REPORTING_URL: serviceUrl(4104),
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

export function serviceTargets(env: DashboardEnv): ServiceTargets {
  return {
    identity: env.IDENTITY_URL,
    roster: env.ROSTER_URL,
    activation: env.ACTIVATION_URL,
    "support-centres": env.SUPPORT_CENTRES_URL,
    reporting: env.REPORTING_URL,
  };
}
