import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
// The ports module alone: the package's index brings the embedded PostgreSQL, which the identity
// image (a bundle without node_modules) has no use for and cannot load.
import { findFreePort } from "@krisstod/local-infra/ports";
import { createLogger } from "@krisstod/logging";
import { assertNotProduction, createIdentityApp } from "./app.ts";
import type { IdentityEnv } from "./env.ts";
import { loadOrCreateSigningKey } from "./keys.ts";

export interface RunningIdentity {
  readonly url: string;
  readonly issuer: string;
  /** The dashboard's client id at this issuer. */
  readonly clientId: string;
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
  const clientId = env.IDENTITY_CLIENT_ID ?? "krisstod-dashboard";
  const logger = createLogger("identity", env.LOG_LEVEL ?? "info");
  const { listener } = createIdentityApp({
    issuer,
    audience: env.OIDC_AUDIENCE ?? "krisstod",
    signingKey: await loadOrCreateSigningKey(env.IDENTITY_KEY_FILE),
    tokenTtlSeconds: env.IDENTITY_TOKEN_TTL_SECONDS ?? 8 * 3600,
    accessTokenTtlSeconds: env.IDENTITY_ACCESS_TOKEN_TTL_SECONDS ?? 300,
    clientId,
    corsOrigins: env.CORS_ORIGINS ?? [],
    logger,
    nodeEnv: env.NODE_ENV,
  });
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  const url = `http://${hostname}:${(server.address() as AddressInfo).port}`;
  logger.info({ url, issuer, clientId }, "development identity issuer listening");
  return {
    url,
    issuer,
    clientId,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
