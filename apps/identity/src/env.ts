import { fileURLToPath } from "node:url";
import { authEnv } from "@krisstod/auth";
import { z } from "zod";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The development issuer's configuration; OIDC_ISSUER defaults to its own address. */
export const identityEnv = z
  .object({
    NODE_ENV: z.string().optional(),
    IDENTITY_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
    IDENTITY_HOST: z.string().default("127.0.0.1"),
    OIDC_ISSUER: z.url().optional(),
    OIDC_AUDIENCE: z.string().min(1).default("krisstod"),
    /** Where the signing key is kept so tokens survive a restart. */
    IDENTITY_KEY_FILE: z.string().min(1).default(`${repoRoot}.data/identity/signing-key.json`),
    IDENTITY_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(24 * 3600)
      .default(8 * 3600),
    /**
     * Lifetime of access tokens from the sign-in flow; the dashboard renews them with its refresh
     * token before they run out. Short in tests (a few seconds) to prove that renewal works.
     */
    IDENTITY_ACCESS_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 3600)
      .default(300),
    /** The dashboard's OAuth client id at this issuer (a public client, PKCE). */
    IDENTITY_CLIENT_ID: z.string().min(1).default("krisstod-dashboard"),
    /** The dashboard's origins: CORS, and `<origin>/auth/callback` as the client's redirect URIs. */
    CORS_ORIGINS: authEnv.shape.CORS_ORIGINS,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .transform((env) => ({
    ...env,
    // With port 0 the address is known only once listening; startIdentity fills it in then.
    OIDC_ISSUER:
      env.OIDC_ISSUER ??
      (env.IDENTITY_PORT === 0 ? undefined : `http://${env.IDENTITY_HOST}:${env.IDENTITY_PORT}`),
  }));
export type IdentityEnv = z.infer<typeof identityEnv>;
