import { listen } from "@krisstod/http";
import { findFreePort } from "@krisstod/local-infra";
import { createLogger } from "@krisstod/logging";
import { assertNotProduction, createIdentityApp } from "./app.ts";
import type { IdentityEnv } from "./env.ts";
import { loadOrCreateSigningKey } from "./keys.ts";

export interface RunningIdentity {
  readonly url: string;
  readonly issuer: string;
  close(): Promise<void>;
}

/**
 * Starts the issuer. Tests pass `IDENTITY_PORT: 0` without an issuer and get a free port, with the
 * issuer URL matching it (tokens name the issuer, so it must be known before the first request).
 * Without IDENTITY_KEY_FILE the signing key lives in memory only.
 */
export async function startIdentity(env: Partial<IdentityEnv> = {}): Promise<RunningIdentity> {
  assertNotProduction(env.NODE_ENV);
  const hostname = env.IDENTITY_HOST ?? "127.0.0.1";
  const port = env.IDENTITY_PORT === 0 ? await findFreePort() : (env.IDENTITY_PORT ?? 4100);
  const issuer = env.OIDC_ISSUER ?? `http://${hostname}:${port}`;
  const logger = createLogger("identity", env.LOG_LEVEL ?? "info");
  const app = createIdentityApp({
    issuer,
    audience: env.OIDC_AUDIENCE ?? "krisstod",
    signingKey: await loadOrCreateSigningKey(env.IDENTITY_KEY_FILE),
    tokenTtlSeconds: env.IDENTITY_TOKEN_TTL_SECONDS ?? 8 * 3600,
    corsOrigins: env.CORS_ORIGINS ?? [],
    logger,
    nodeEnv: env.NODE_ENV,
  });
  const server = await listen(app, { port, hostname });
  logger.info({ url: server.url, issuer }, "development identity issuer listening");
  return { url: server.url, issuer, close: () => server.close() };
}
