import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createActivationService } from "@krisstod/activation";
import { ensureNationalStream } from "@krisstod/bus";
import type { Environment, ServiceEnv } from "@krisstod/config";
import { type CreateIncidentBody, type ServiceName, subjects, TokenResponse } from "@krisstod/contracts";
import { type RunningIdentity, startIdentity } from "@krisstod/identity";
import { findFreePort } from "@krisstod/local-infra";
import {
  createReportingService,
  nationalEnvFrom,
  type RunningNational,
  startNationalReporting,
} from "@krisstod/reporting";
import { createRosterService } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import { createSupportCentresService } from "@krisstod/support-centres";
import { createTestNamespace, type TestNamespace, type TokenSource } from "@krisstod/testing";
import { type Browser, chromium } from "playwright-core";
import { inject } from "vitest";
import { z } from "zod";
import { type RunningDashboard, startDashboardDevServer } from "../dev-server.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SHOTS = fileURLToPath(new URL("../test-results/", import.meta.url));
const AUDIENCE = "krisstod";

/**
 * Debian's Chromium, headless, as root, on a machine with a closed network: the background
 * networking flags keep it from reaching for Google's hosts at every start.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export interface FullStack {
  /** The database's administrator (what an attacker with the database would have), for tests. */
  databaseUrl: string;
  identity: RunningIdentity;
  roster: RunningService;
  activation: RunningService;
  centres: RunningService;
  reporting: RunningService;
  /** Reporting in the national mode (with `national: true`). */
  national?: RunningNational;
  dashboard: RunningDashboard;
  browser: Browser;
  /** A demo user's access token (`<organisation>.<role>`), fetched once per user (demoTokens). */
  tokenOf: (userId: string) => Promise<string>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Settings for every service beside the stack's own, e.g. a county setting under test. */
  env?: Partial<ServiceEnv>;
  /** A service's own settings (its env.ts), as environment strings, e.g. a short CALLOUT_WAIT_MS. */
  settings?: Partial<Record<ServiceName, Environment>>;
  /** Lifetime of access tokens from the sign-in flow (the dashboard renews them). Default 300. */
  accessTokenTtlSeconds?: number;
  /** The dashboard's client id at the issuer. Default `krisstod-dashboard`. */
  clientId?: string;
  /** Clock skew the services allow on `exp`; 0 makes an expired token fail at once. Default 30. */
  clockToleranceSeconds?: number;
  /**
   * Also the national picture: reporting in the national mode over a national stream that sources
   * this county's events on the same server (the hub and its leaf links are
   * test/faults/national-leaf.test.ts), proxied as at the hub (NATIONAL_URL).
   */
  national?: boolean;
}

/**
 * Every real service with the Halland demo data, trusting the real development issuer, behind the
 * dashboard's dev server, and a Chromium to drive it: one stack for a whole test file. Each stack
 * has its own issuer (own signing key, own client), which the dashboard learns from /config.json.
 */
export async function startFullStack(options: StackOptions = {}): Promise<FullStack> {
  const ns = await createTestNamespace();
  // The issuer must know the dashboard's origin (its redirect URI) before the dashboard starts.
  const dashboardPort = await findFreePort();
  const identity = await startIdentity({
    IDENTITY_PORT: 0,
    OIDC_AUDIENCE: AUDIENCE,
    LOG_LEVEL: "silent",
    CORS_ORIGINS: [`http://127.0.0.1:${dashboardPort}`],
    IDENTITY_ACCESS_TOKEN_TTL_SECONDS: options.accessTokenTtlSeconds ?? 300,
    ...(options.clientId ? { IDENTITY_CLIENT_ID: options.clientId } : {}),
  });
  const env = ns.serviceEnv({
    OIDC_ISSUER: identity.issuer,
    OIDC_JWKS_URL: `${identity.url}/jwks`,
    OIDC_AUDIENCE: AUDIENCE,
    DEMO_DATA: true,
    ...(options.clockToleranceSeconds === undefined
      ? {}
      : { OIDC_CLOCK_TOLERANCE_SECONDS: options.clockToleranceSeconds }),
    ...options.env,
  });
  // Roster first: activation asks it (over NATS) who may activate and whom to call.
  const settings = options.settings ?? {};
  const roster = await startService(createRosterService(settings.roster), env);
  const activation = await startService(createActivationService(settings.activation), env);
  // Other organisations see a centre's counts as its occupancy clock publishes them: often, here.
  const centres = await startService(
    createSupportCentresService({ OCCUPANCY_PUBLISH_INTERVAL_MS: "1000", ...settings["support-centres"] }),
    env,
  );
  const reporting = await startService(createReportingService(settings.reporting), env);
  const services = [reporting, centres, activation, roster];
  const national = options.national ? await startNational(ns, env) : undefined;
  const dashboard = await startDashboardDevServer({
    targets: {
      ...(national ? { national: national.url } : {}),
      identity: identity.url,
      roster: roster.url,
      activation: activation.url,
      "support-centres": centres.url,
      reporting: reporting.url,
    },
    browser: { issuer: identity.issuer, clientId: identity.clientId, scopes: "openid profile" },
    port: dashboardPort,
    hmr: false,
    cacheDir: fileURLToPath(new URL("../node_modules/.vite-browser-test", import.meta.url)),
    logLevel: "silent",
  });
  const browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
  return {
    databaseUrl: ns.databaseUrl,
    identity,
    roster,
    activation,
    centres,
    reporting,
    ...(national ? { national } : {}),
    dashboard,
    browser,
    tokenOf: demoTokens(() => identity.url),
    close: async () => {
      await browser.close().catch(() => {});
      await dashboard.close().catch(() => {});
      await national?.stop().catch(() => {});
      for (const service of services) await service.stop().catch(() => {});
      await identity.close().catch(() => {});
    },
  };
}

/**
 * One access token per demo user for a whole test file, from the development issuer at
 * `identityUrl()` (read when first asked: the stack starts in beforeAll). The issuer limits how
 * often it hands tokens out, so each user's is fetched once.
 */
export function demoTokens(identityUrl: () => string): (userId: string) => Promise<string> {
  const tokens = new Map<string, Promise<string>>();
  return (userId) => {
    let token = tokens.get(userId);
    if (!token) {
      token = fetch(`${identityUrl()}/token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ userId }),
      }).then(async (response) => {
        if (!response.ok) throw new Error(`the issuer refused a token for ${userId}: ${response.status}`);
        return TokenResponse.parse(await response.json()).access_token;
      });
      tokens.set(userId, token);
    }
    return token;
  };
}

/**
 * The development issuer as @krisstod/testing's `client(service, issuer)` takes it: a person is the
 * demo user of their `userId` (`<organisation>.<role>`, as `halland`'s users are named), their
 * token from `tokenOf` (a stack's, or `demoTokens`), e.g.
 * `client(stack.activation, demoIssuer(stack.tokenOf)).as(halland.laholmLead)`.
 */
export function demoIssuer(tokenOf: (userId: string) => Promise<string>): TokenSource {
  return { mint: (principal) => tokenOf(principal.userId) };
}

/**
 * Opens an incident in Laholm through the activation service, as its POSOM lead would from the
 * incident screen (for tests whose subject is what comes after); returns its id.
 */
export async function openIncident(
  stack: FullStack,
  title: string,
  location: { lat: number; lon: number; address?: string },
  options: { exercise?: boolean; userId?: string } = {},
): Promise<string> {
  const body: CreateIncidentBody = {
    kind: "accident",
    title,
    location: { address: title, ...location },
    occurredAt: new Date().toISOString(),
    affectedMunicipalities: ["1381"],
    ...(options.exercise ? { exercise: true } : {}),
  };
  const response = await fetch(`${stack.activation.url}/incidents`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${await stack.tokenOf(options.userId ?? "kommun-1381.posom-lead")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`the incident was not opened: ${await response.text()}`);
  return z.object({ id: z.uuid() }).parse(await response.json()).id;
}

/** The national stream (sourcing the namespace's events) and reporting in the national mode on it. */
async function startNational(ns: TestNamespace, env: ServiceEnv): Promise<RunningNational> {
  const nationalNamespace = `${ns.natsNamespace}n`;
  await ensureNationalStream(ns.natsUrl, {
    namespace: nationalNamespace,
    replicas: 1,
    sources: [{ name: subjects.eventStream(ns.natsNamespace) }],
  });
  return startNationalReporting(
    nationalEnvFrom({
      PORT: "0",
      NATS_URL: env.NATS_URL,
      NATS_PASSWORD: inject("natsSecrets").servicePassword,
      NATS_NAMESPACE: nationalNamespace,
      NATIONAL_COUNTIES: "13=halland",
      NATIONAL_SOURCES_INTERVAL_SECONDS: "1",
      OIDC_ISSUER: env.OIDC_ISSUER,
      ...(env.OIDC_JWKS_URL ? { OIDC_JWKS_URL: env.OIDC_JWKS_URL } : {}),
      OIDC_AUDIENCE: env.OIDC_AUDIENCE,
      LOG_LEVEL: "silent",
    }),
  );
}
