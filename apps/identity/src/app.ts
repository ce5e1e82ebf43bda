import { rateLimit, strictCors } from "@krisstod/auth";
import { DemoTokenRequest, type TokenResponse } from "@krisstod/contracts";
import { createServiceApp, InvalidError, validate } from "@krisstod/http";
import type { Logger } from "@krisstod/logging";
import { SignJWT } from "jose";
import { demoUsers, findDemoUser } from "./demo-users.ts";
import type { SigningKey } from "./keys.ts";

export interface IdentityOptions {
  issuer: string;
  audience: string;
  signingKey: SigningKey;
  tokenTtlSeconds: number;
  corsOrigins: readonly string[];
  logger: Logger;
  nodeEnv?: string | undefined;
  /** Sign-ins allowed per client address per minute. */
  signInLimitPerMinute?: number;
}

/** Thrown when asked to run where real people sign in. */
export class ProductionRefusedError extends Error {
  constructor() {
    super("The development identity issuer refuses to run with NODE_ENV=production.");
    this.name = "ProductionRefusedError";
  }
}

export function assertNotProduction(nodeEnv: string | undefined): void {
  if (nodeEnv === "production") throw new ProductionRefusedError();
}

/**
 * The development OIDC issuer: discovery, JWKS, the demo users and a token endpoint that signs in
 * as any of them without a password. It exists so the embedded default runs with real tokens; it
 * must never run in production, and refuses to.
 */
export function createIdentityApp(options: IdentityOptions) {
  assertNotProduction(options.nodeEnv);
  const { issuer, signingKey } = options;
  const app = createServiceApp({ service: "identity", logger: options.logger, readiness: {} });
  app.use(strictCors(options.corsOrigins));
  return app
    .get("/.well-known/openid-configuration", (c) =>
      c.json({
        issuer,
        jwks_uri: `${issuer}/jwks`,
        token_endpoint: `${issuer}/token`,
        response_types_supported: ["token"],
        grant_types_supported: [],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["ES256"],
        claims_supported: ["sub", "name", "org", "county", "roles"],
      }),
    )
    .get("/jwks", (c) => {
      c.header("Cache-Control", "public, max-age=300");
      return c.json({ keys: [signingKey.publicJwk] });
    })
    .get("/demo-users", (c) => c.json(demoUsers))
    .post(
      "/token",
      rateLimit({ name: "sign-in", limit: options.signInLimitPerMinute ?? 30, windowMs: 60_000 }),
      validate("json", DemoTokenRequest),
      async (c) => {
        const user = findDemoUser(c.req.valid("json").userId);
        if (!user) {
          throw new InvalidError("There is no demo user with that id.", [
            { field: "userId", message: "unknown demo user" },
          ]);
        }
        const now = Math.floor(Date.now() / 1000);
        const accessToken = await new SignJWT({
          name: user.name,
          org: user.organisationId,
          county: user.countyCode,
          roles: user.roles,
        })
          // RFC 9068 access-token type.
          .setProtectedHeader({ alg: "ES256", kid: signingKey.kid, typ: "at+jwt" })
          .setIssuer(issuer)
          .setAudience(options.audience)
          .setSubject(user.userId)
          .setIssuedAt(now)
          .setExpirationTime(now + options.tokenTtlSeconds)
          .setJti(crypto.randomUUID())
          .sign(signingKey.privateKey);
        const body: TokenResponse = {
          access_token: accessToken,
          token_type: "Bearer",
          expires_in: options.tokenTtlSeconds,
        };
        // RFC 6749 §5.1: token responses must not be cached.
        c.header("Cache-Control", "no-store");
        return c.json(body);
      },
    );
}
export type IdentityApp = ReturnType<typeof createIdentityApp>;
