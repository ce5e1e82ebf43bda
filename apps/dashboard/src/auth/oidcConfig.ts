import { z } from "zod";

/**
 * Where the dashboard signs people in: any standard OpenID provider. Read at start from
 * `/config.json`, which the deployment serves (the nginx image writes it from OIDC_ISSUER,
 * OIDC_CLIENT_ID and OIDC_SCOPES; the dev server from the same variables), so one built bundle
 * serves every county.
 */
export const OidcConfig = z.object({
  /** The issuer URL; its `/.well-known/openid-configuration` names every endpoint. */
  issuer: z.url(),
  /** The dashboard's client id: a public client (no secret) with PKCE. */
  clientId: z.string().min(1),
  /** Space-separated scopes to ask for. */
  scopes: z.string().min(1).default("openid profile"),
});
export type OidcConfig = z.infer<typeof OidcConfig>;

export const CONFIG_PATH = "/config.json";

export async function loadOidcConfig(): Promise<OidcConfig> {
  const response = await fetch(CONFIG_PATH, { cache: "no-store" });
  if (!response.ok) throw new Error(`${CONFIG_PATH}: HTTP ${response.status}`);
  return OidcConfig.parse(await response.json());
}
