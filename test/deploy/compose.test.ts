// docker-compose.yml against the Compose specification's JSON schema (no Docker engine or compose
// plugin runs on CI machines), plus what the schema cannot know: every service of ours is wired
// to the servers, the identity provider and the variables packages/config requires.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serviceEnv } from "@krisstod/config";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { composeSchema, repoRoot } from "./support.ts";

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(composeSchema());

type Service = {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: unknown;
  depends_on?: Record<string, unknown>;
  secrets?: { source: string; target: string }[];
};
type Compose = { services: Record<string, Service>; secrets?: Record<string, { file: string }> };

/** As `docker compose` reads it: anchors and `<<` merge keys resolved. */
function load(text: string): Compose {
  return parse(text, { merge: true }) as Compose;
}
const text = readFileSync(join(repoRoot, "docker-compose.yml"), "utf8");
const compose = load(text);
const SERVICES = { roster: 4101, activation: 4102, "support-centres": 4103, reporting: 4104 } as const;

describe("docker-compose.yml", () => {
  it("is valid against the Compose specification's schema", () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("is refused by the same check when a field has the wrong shape", () => {
    const broken = load(text.replace("restart: unless-stopped", "restart: [unless-stopped]"));
    expect(validate(broken)).toBe(false);
    const unknownKey = load(text.replace("    image: postgres:17", "    image: postgres:17\n    imagee: x"));
    expect(validate(unknownKey)).toBe(false);
  });

  it.each(Object.entries(SERVICES))(
    "gives %s every variable a service needs, valid as the service parses them",
    (name, port) => {
      const service = compose.services[name] as Service;
      const env = { ...(service.environment ?? {}) };
      // ${VAR:?message} and ${VAR:-default}: what a deployment with .env filled in gets.
      const resolved = Object.fromEntries(
        Object.entries(env).map(([key, value]) => [
          key,
          String(value)
            .replace(/\$\{(\w+):-([^}]*)\}/g, "$2")
            .replace(/\$\{(\w+):\?[^}]*\}/g, "secret-from-dot-env-32-characters-long"),
        ]),
      );
      const parsed = serviceEnv.parse(resolved);
      expect(parsed.PORT).toBe(port);
      expect(parsed.HOST).toBe("0.0.0.0");
      expect(parsed.NATS_STREAM_REPLICAS).toBe(3);
      expect(parsed.NATS_URL.split(",")).toHaveLength(3);
      expect(parsed.OIDC_ISSUER).toMatch(/\/realms\/krisstod$/);
      expect(parsed.OIDC_JWKS_URL).toMatch(/^http:\/\/keycloak:8080\//);
      // Its own PostgreSQL roles, made by db-roles before it starts; never the administrator.
      const role = `ks_${name.replace("-", "_")}`;
      expect(new URL(parsed.DATABASE_URL).username).toBe(role);
      expect(new URL(parsed.MIGRATION_DATABASE_URL).username).toBe(`${role}_migrator`);
      expect(service.depends_on).toMatchObject({
        postgres: { condition: "service_healthy" },
        "db-roles": { condition: "service_completed_successfully" },
        keycloak: { condition: "service_healthy" },
      });
      expect(service.build).toMatchObject({
        dockerfile: "infra/docker/service.Dockerfile",
        args: { SERVICE: name },
      });
      // Its own audit signing key, a file secret from AUDIT_KEYS_DIR (the image runs in production
      // mode and refuses to start without one).
      expect(service.secrets).toEqual([{ source: `${name}-audit-signing-key`, target: "audit-signing-key" }]);
      expect(parsed.AUDIT_SIGNING_KEY_FILE).toBe("/run/secrets/audit-signing-key");
      expect(compose.secrets?.[`${name}-audit-signing-key`]?.file).toBe(
        `\${AUDIT_KEYS_DIR:?set AUDIT_KEYS_DIR in .env}/${name}.pem`,
      );
    },
  );

  it("creates every service's roles with the provisioning script the launcher and tests run", () => {
    const roles = compose.services["db-roles"] as Service;
    expect(roles.volumes).toEqual(
      expect.arrayContaining([
        "./infra/postgres/provision-roles.sh:/provision-roles.sh:ro",
        "./packages/db/sql:/provision:ro",
      ]),
    );
    const script = readFileSync(join(repoRoot, "infra/postgres/provision-roles.sh"), "utf8");
    for (const name of Object.keys(SERVICES)) {
      const variable = name.toUpperCase().replace("-", "_");
      expect(script).toContain(`"$${variable}_DB_PASSWORD" "$${variable}_MIGRATOR_DB_PASSWORD"`);
      expect(roles.environment?.[`${variable}_DB_PASSWORD`]).toMatch(/^\$\{\w+:\?/);
    }
  });

  it("sends call-out e-mail to the mail catcher and signs answer links with a secret from .env", () => {
    const env = compose.services.activation?.environment ?? {};
    expect(env.SMTP_URL).toContain("smtp://mailpit:1025");
    expect(env.ANSWER_LINK_SECRET).toMatch(/^\$\{ANSWER_LINK_SECRET:\?/);
    expect(compose.services.mailpit?.image).toMatch(/^axllent\/mailpit:/);
  });

  it("serves the dashboard through the proxy to every service and imports the Keycloak realm", () => {
    const dashboard = compose.services.dashboard as Service;
    expect(dashboard.build).toMatchObject({ dockerfile: "infra/docker/dashboard.Dockerfile" });
    for (const [name, port] of Object.entries(SERVICES)) {
      const variable = `${name.toUpperCase().replace("-", "_")}_URL`;
      expect(dashboard.environment?.[variable]).toBe(`http://${name}:${port}`);
    }
    const template = readFileSync(join(repoRoot, "infra/docker/nginx/default.conf.template"), "utf8");
    for (const name of Object.keys(SERVICES)) {
      expect(template).toMatch(
        new RegExp(`location /api/${name}/\\s+\\{[^}]*proxy_pass \\$\\{\\w+_URL\\}/;`),
      );
    }
    expect(template).toContain("proxy_buffering off;");
    expect(compose.services.keycloak?.volumes).toContain("./infra/keycloak:/opt/keycloak/data/import:ro");
  });
});
