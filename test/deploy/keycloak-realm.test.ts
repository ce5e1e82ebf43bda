// infra/keycloak/krisstod-realm.json (imported by docker compose's Keycloak) holds the dashboard's
// client as the sign-in needs it: public, code + PKCE S256, the nginx origin's callback, and the
// claims packages/auth reads; its users are the demo people (same ids and names as the roster's).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findDemoUser } from "@krisstod/contracts/demo";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { repoRoot } from "./support.ts";

const Mapper = z.object({ protocolMapper: z.string(), config: z.record(z.string(), z.string()) });
const Realm = z.object({
  clients: z.array(
    z.object({
      clientId: z.string(),
      publicClient: z.boolean(),
      standardFlowEnabled: z.boolean(),
      implicitFlowEnabled: z.boolean().optional(),
      redirectUris: z.array(z.string()),
      webOrigins: z.array(z.string()),
      attributes: z.record(z.string(), z.string()),
      protocolMappers: z.array(Mapper),
    }),
  ),
  users: z.array(
    z.object({
      id: z.string(),
      username: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      attributes: z.object({ org: z.array(z.string()), county: z.array(z.string()) }),
      realmRoles: z.array(z.string()),
    }),
  ),
});
const realm = Realm.parse(
  JSON.parse(readFileSync(join(repoRoot, "infra/keycloak/krisstod-realm.json"), "utf8")),
);
const client = realm.clients.find((c) => c.clientId === "krisstod-dashboard");
/** The dashboard behind nginx, as docker-compose.yml publishes it. */
const NGINX_ORIGIN = "http://localhost:8080";

describe("the Keycloak realm's dashboard client", () => {
  it("is a public client using the authorization code flow with PKCE S256 only", () => {
    expect(client).toMatchObject({ publicClient: true, standardFlowEnabled: true });
    expect(client?.implicitFlowEnabled ?? false).toBe(false);
    expect(client?.attributes["pkce.code.challenge.method"]).toBe("S256");
  });

  it("sends the browser back only to the dashboard's callback, and signs out to its start page", () => {
    expect(client?.redirectUris).toContain(`${NGINX_ORIGIN}/auth/callback`);
    expect(client?.redirectUris.every((uri) => uri.endsWith("/auth/callback"))).toBe(true);
    expect(client?.webOrigins).toContain(NGINX_ORIGIN);
    expect(client?.attributes["post.logout.redirect.uris"]?.split("##")).toContain(`${NGINX_ORIGIN}/`);
  });

  it("puts organisation, county, roles and the krisstod audience into the access token", () => {
    const mappers = client?.protocolMappers ?? [];
    const claim = (name: string) =>
      mappers.find((m) => m.config["claim.name"] === name && m.config["access.token.claim"] === "true");
    expect(claim("org")?.config["user.attribute"]).toBe("org");
    expect(claim("county")?.config["user.attribute"]).toBe("county");
    expect(claim("roles")).toMatchObject({
      protocolMapper: "oidc-usermodel-realm-role-mapper",
      config: { multivalued: "true" },
    });
    const audience = mappers.find((m) => m.protocolMapper === "oidc-audience-mapper");
    expect(audience?.config["included.custom.audience"]).toBe("krisstod");
  });
});

describe("the Keycloak realm's users", () => {
  it("are the demo people: the same ids (the token's sub), names and organisations as the issuer's and the roster's", () => {
    const known = realm.users.filter((user) => findDemoUser(user.id));
    // Båstad (Skåne), Laholm's fallback across the county border, is one of the demo people too.
    expect(known.length).toBe(realm.users.length);
    expect(known.map((user) => user.id)).toContain("kommun-1278.posom-lead");
    for (const user of known) {
      const demo = findDemoUser(user.id);
      expect(`${user.firstName} ${user.lastName}`).toBe(demo?.name);
      expect(user.attributes.org).toEqual([demo?.organisationId]);
      expect(user.realmRoles).toEqual(expect.arrayContaining(demo?.roles ?? ["?"]));
    }
  });
});
