import { randomBytes } from "node:crypto";
import type { DemoUser } from "@krisstod/contracts";
import Provider, { type Configuration, errors, type KoaContextWithOIDC } from "oidc-provider";
import { findDemoUser } from "./demo-users.ts";
import type { SigningKey } from "./keys.ts";
import { errorPage, signedOutPage, signOutPage } from "./pages.ts";

/** The dashboard as an OAuth client of this issuer: public (no secret), code + PKCE only. */
export interface DashboardClient {
  readonly clientId: string;
  /** Origins the dashboard is served from; each gets `<origin>/auth/callback` as redirect URI. */
  readonly origins: readonly string[];
}

export interface ProviderOptions {
  issuer: string;
  audience: string;
  signingKey: SigningKey;
  client: DashboardClient;
  /** Access-token lifetime; the dashboard renews before it runs out. */
  accessTokenTtlSeconds: number;
  /** How long a sign-in lasts at the issuer (session and refresh token): a working shift. */
  sessionTtlSeconds: number;
}

/** Where the OIDC token endpoint is; `/token` stays the scripts' and tests' pick-a-user shortcut. */
export const TOKEN_ENDPOINT_PATH = "/oauth/token";
/** The callback path the dashboard serves (apps/dashboard/src/auth/oidc.ts). */
export const CALLBACK_PATH = "/auth/callback";

/**
 * The resource indicator of the Krisstöd services (RFC 8707). Naming a resource is what makes
 * oidc-provider issue JWT access tokens with an audience; every authorisation request gets it
 * by default, so the dashboard need not know it.
 */
const RESOURCE = "urn:krisstod:services";

/** The claims services read (packages/auth's defaults), for a demo user. */
function accessTokenClaims(user: DemoUser) {
  return { name: user.name, org: user.organisationId, county: user.countyCode, roles: user.roles };
}

/**
 * The OpenID provider (panva/oidc-provider): discovery, JWKS with the issuer's persisted ES256 key,
 * authorization endpoint with PKCE (S256, required), token endpoint with refresh tokens, end
 * session. Access tokens are JWTs (RFC 9068) with the same claims as the `/token` shortcut's, so
 * services verify both alike. Sign-in itself is the login page (interactions.ts).
 */
export function createOidcProvider(options: ProviderOptions): Provider {
  const { client } = options;
  const configuration: Configuration = {
    clients: [
      {
        client_id: client.clientId,
        client_name: "Krisstöd",
        token_endpoint_auth_method: "none",
        application_type: "web",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: client.origins.map((origin) => `${origin}${CALLBACK_PATH}`),
        post_logout_redirect_uris: client.origins.map((origin) => `${origin}/`),
        id_token_signed_response_alg: "ES256",
      },
    ],
    jwks: { keys: [options.signingKey.privateJwk as Record<string, string>] },
    // Sessions end with the process; a new key each start is what a development issuer needs.
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    pkce: { required: () => true },
    routes: { token: TOKEN_ENDPOINT_PATH },
    scopes: ["openid", "profile", "offline_access"],
    claims: { openid: ["sub"], profile: ["name", "org", "county", "roles"] },
    findAccount: (_ctx, sub) => {
      const user = findDemoUser(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...accessTokenClaims(user) }) };
    },
    extraTokenClaims: (_ctx, token) => {
      if (token.kind !== "AccessToken" || !token.accountId) return undefined;
      const user = findDemoUser(token.accountId);
      return user ? accessTokenClaims(user) : undefined;
    },
    // A public client gets (rotating, session-bound) refresh tokens without asking for
    // offline_access: the dashboard renews silently for as long as the issuer session lasts.
    issueRefreshToken: (_ctx, c) => c.grantTypeAllowed("refresh_token"),
    // The dashboard is first-party: no consent screen. The grant covers what was asked for.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const accountId = oidc.session?.accountId;
      if (!oidc.client || !accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client.clientId);
      const grant =
        (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ??
        new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId });
      grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(" ") || "openid");
      grant.addResourceScope(RESOURCE, "krisstod");
      await grant.save();
      return grant;
    },
    clientBasedCORS: (_ctx, origin, c) =>
      c.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = "html";
          ctx.body = signOutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = "html";
          ctx.body = signedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: "krisstod",
            audience: options.audience,
            accessTokenTTL: options.accessTokenTtlSeconds,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "ES256" } },
          };
        },
      },
    },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: options.accessTokenTtlSeconds,
      Interaction: 15 * 60,
      Grant: options.sessionTtlSeconds,
      Session: options.sessionTtlSeconds,
      RefreshToken: options.sessionTtlSeconds,
    },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = errorPage(out);
    },
  };
  return new Provider(options.issuer, configuration);
}
