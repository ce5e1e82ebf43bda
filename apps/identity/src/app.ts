import type { RequestListener } from "node:http";
import { getRequestListener, type HttpBindings } from "@hono/node-server";
import { rateLimit, strictCors } from "@krisstod/auth";
import { DemoTokenRequest, type TokenResponse } from "@krisstod/contracts";
import { createServiceApp, InvalidError, validate } from "@krisstod/http";
import type { Logger } from "@krisstod/logging";
import { SignJWT } from "jose";
import type Provider from "oidc-provider";
import { errors } from "oidc-provider";
import { demoUsers, findDemoUser } from "./demo-users.ts";
import type { SigningKey } from "./keys.ts";
import { expiredPage, loginPage } from "./pages.ts";
import { createOidcProvider } from "./provider.ts";

export interface IdentityOptions {
  issuer: string;
  audience: string;
  signingKey: SigningKey;
  /** Lifetime of the `/token` shortcut's tokens. */
  tokenTtlSeconds: number;
  /** Lifetime of access tokens from the OIDC flow (the dashboard renews them); default 5 minutes. */
  accessTokenTtlSeconds?: number;
  /** How long an issuer session and its refresh tokens last; default 8 hours. */
  sessionTtlSeconds?: number;
  /** The dashboard's client id; default `krisstod-dashboard`. */
  clientId?: string;
  /** The dashboard's origins: allowed CORS origins, and the origins of its redirect URIs. */
  corsOrigins: readonly string[];
  logger: Logger;
  nodeEnv?: string | undefined;
  /** Sign-ins allowed per client address per minute (on the `/token` shortcut). */
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

/** Paths the Hono app answers; everything else is the OpenID provider's. */
const OWN_PATHS = /^\/(token|demo-users|healthz|readyz|interaction\/)/;

export interface IdentityApp {
  /** The whole issuer as a Node request listener. */
  readonly listener: RequestListener;
  readonly provider: Provider;
}

/**
 * The development issuer: a real OpenID provider (see provider.ts) whose login page lists the demo
 * users, one click signing in as one; and, for tests and scripts only, `POST /token`, which signs a
 * demo user in without a browser. The dashboard never uses the shortcut. It must never run in
 * production, and refuses to.
 */
export function createIdentityApp(options: IdentityOptions): IdentityApp {
  assertNotProduction(options.nodeEnv);
  const provider = createOidcProvider({
    issuer: options.issuer,
    audience: options.audience,
    signingKey: options.signingKey,
    client: { clientId: options.clientId ?? "krisstod-dashboard", origins: options.corsOrigins },
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
    sessionTtlSeconds: options.sessionTtlSeconds ?? 8 * 3600,
  });
  const app = createOwnRoutes(options, provider);
  const own = getRequestListener(app.fetch);
  const oidc = provider.callback();
  return {
    provider,
    listener: (request, response) => {
      const path = (request.url ?? "/").split("?")[0] ?? "/";
      if (OWN_PATHS.test(path)) void own(request, response);
      else oidc(request, response);
    },
  };
}

function createOwnRoutes(options: IdentityOptions, provider: Provider) {
  const app = createServiceApp({ service: "identity", logger: options.logger, readiness: {} });
  const node = (env: unknown) => env as HttpBindings;
  /**
   * The sign-in in progress, named by the issuer's interaction cookie; undefined when there is none
   * (it ran out, or the page was opened in another browser): the user starts over at the dashboard.
   */
  const interactionOf = async (env: unknown) => {
    const { incoming, outgoing } = node(env);
    try {
      return await provider.interactionDetails(incoming, outgoing);
    } catch (error) {
      if (error instanceof errors.SessionNotFound || error instanceof errors.InvalidRequest) return undefined;
      throw error;
    }
  };
  return (
    app
      .use("/token", strictCors(options.corsOrigins))
      .use("/demo-users", strictCors(options.corsOrigins))
      .get("/demo-users", (c) => c.json(demoUsers))
      // The login page of an authorisation request: every demo user, one button each.
      .get("/interaction/:uid", async (c) => {
        const details = await interactionOf(c.env);
        c.header("Cache-Control", "no-store");
        if (!details || details.uid !== c.req.param("uid")) return c.html(expiredPage(), 400);
        return c.html(loginPage(details.uid, demoUsers));
      })
      .post("/interaction/:uid/login", async (c) => {
        const { incoming, outgoing } = node(c.env);
        const details = await interactionOf(c.env);
        if (!details || details.uid !== c.req.param("uid")) return c.html(expiredPage(), 400);
        const form = await c.req.parseBody();
        const user = typeof form.userId === "string" ? findDemoUser(form.userId) : undefined;
        if (!user) {
          throw new InvalidError("There is no demo user with that id.", [
            { field: "userId", message: "unknown demo user" },
          ]);
        }
        const returnTo = await provider.interactionResult(
          incoming,
          outgoing,
          { login: { accountId: user.userId } },
          { mergeWithLastSubmission: false },
        );
        return c.redirect(returnTo, 303);
      })
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
            .setProtectedHeader({ alg: "ES256", kid: options.signingKey.kid, typ: "at+jwt" })
            .setIssuer(options.issuer)
            .setAudience(options.audience)
            .setSubject(user.userId)
            .setIssuedAt(now)
            .setExpirationTime(now + options.tokenTtlSeconds)
            .setJti(crypto.randomUUID())
            .sign(options.signingKey.privateKey);
          const body: TokenResponse = {
            access_token: accessToken,
            token_type: "Bearer",
            expires_in: options.tokenTtlSeconds,
          };
          // RFC 6749 §5.1: token responses must not be cached.
          c.header("Cache-Control", "no-store");
          return c.json(body);
        },
      )
  );
}
