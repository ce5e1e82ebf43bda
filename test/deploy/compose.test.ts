// docker-compose.yml against the Compose specification's JSON schema (no Docker engine or compose
// plugin runs on CI machines), plus what the schema cannot know: every service of ours is wired
// to the servers, the identity provider and the variables packages/config requires.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serviceEnv } from "@krisstod/config";
import {
  SERVICES as SERVICE_LIST,
  SERVICE_NAMES,
  type ServiceName,
  serviceDefinition,
} from "@krisstod/contracts";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { composeSchema, repoRoot } from "./support.ts";

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(composeSchema());

type Service = {
  image?: string;
  profiles?: string[];
  build?: unknown;
  environment?: Record<string, string | null>;
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
/** infra/compose.env.example's settings (not the commented-out ones): what a county fills in. */
const example = Object.fromEntries(
  readFileSync(join(repoRoot, "infra/compose.env.example"), "utf8")
    .split("\n")
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
);
/** Each service (@krisstod/contracts SERVICES) and its port: what the file must say. */
const SERVICES = Object.fromEntries(SERVICE_LIST.map((service) => [service.name, service.port]));

describe("docker-compose.yml", () => {
  it("is valid against the Compose specification's schema", () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("is refused by the same check when a field has the wrong shape", () => {
    const broken = load(text.replace("restart: unless-stopped", "restart: [unless-stopped]"));
    expect(validate(broken)).toBe(false);
    const unknownKey = load(text.replace('    restart: "no"', '    restart: "no"\n    imagee: x'));
    expect(validate(unknownKey)).toBe(false);
  });

  it.each(Object.entries(SERVICES))(
    "gives %s every variable a service needs, valid as the service parses them",
    (name, port) => {
      const service = compose.services[name] as Service;
      const env = { ...(service.environment ?? {}) };
      // ${VAR:?message} from the example .env, ${VAR:-default}, and a variable without a value
      // passed on from .env: what a deployment with .env filled in as the example says gets.
      const resolved = Object.fromEntries(
        Object.entries(env).map(([key, value]) => [
          key,
          value === null
            ? example[key]
            : String(value)
                .replace(/\$\{(\w+):-([^}]*)\}/g, "$2")
                .replace(/\$\{(\w+):\?[^}]*\}/g, (_, name: string) => example[name] ?? `${name} missing`),
        ]),
      );
      const parsed = serviceEnv.parse(resolved);
      expect(parsed.PORT).toBe(port);
      expect(parsed.HOST).toBe("0.0.0.0");
      expect(parsed.NATS_STREAM_REPLICAS).toBe(3);
      expect(parsed.NATS_URL.split(",")).toHaveLength(3);
      // The organisation's own OpenID provider, and no demo data, unless .env says otherwise.
      expect(parsed.OIDC_ISSUER).toBe("https://login.example.se/realms/krisstod");
      expect(parsed.OIDC_JWKS_URL).toBe(`${parsed.OIDC_ISSUER}/protocol/openid-connect/certs`);
      expect(parsed.DEMO_DATA).toBe(false);
      // Its own PostgreSQL roles, made by db-roles before it starts; never the administrator.
      const role = `ks_${name.replace("-", "_")}`;
      expect(new URL(parsed.DATABASE_URL).username).toBe(role);
      expect(new URL(parsed.MIGRATION_DATABASE_URL ?? "").username).toBe(`${role}_migrator`);
      expect(service.depends_on).toMatchObject({
        postgres: { condition: "service_healthy" },
        "db-roles": { condition: "service_completed_successfully" },
      });
      // Keycloak is the development profile's only: a production stack must not wait for it.
      expect(service.depends_on).not.toHaveProperty("keycloak");
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
      const variable = serviceDefinition(name as ServiceName).env;
      expect(script).toContain(`"$${variable}_DB_PASSWORD" "$${variable}_MIGRATOR_DB_PASSWORD"`);
      expect(roles.environment?.[`${variable}_DB_PASSWORD`]).toMatch(/^\$\{\w+:\?/);
    }
  });

  it("calls out through the providers .env names, and signs answer links with a secret from .env", () => {
    const env = compose.services.activation?.environment ?? {};
    for (const variable of ["SMS_API_URL", "SMS_API_USERNAME", "SMS_API_PASSWORD", "SMTP_URL"]) {
      expect(env[variable], variable).toBeNull();
      expect(example[variable], variable).toBeTruthy();
    }
    // The development outbox only where .env asks for it (the dev profile's block).
    expect(env.DEVELOPMENT_OUTBOX).toBeNull();
    expect(example.DEVELOPMENT_OUTBOX).toBeUndefined();
    expect(env.ANSWER_LINK_SECRET).toMatch(/^\$\{ANSWER_LINK_SECRET:\?/);
  });

  it("runs Keycloak and Mailpit only in the development profile", () => {
    for (const name of ["keycloak", "mailpit"]) expect(compose.services[name]?.profiles).toEqual(["dev"]);
    const always = Object.entries(compose.services).filter(([, service]) => !service.profiles);
    expect(always.map(([name]) => name).sort()).toEqual(
      [...SERVICE_NAMES, "dashboard", "db-roles", "nats-1", "nats-2", "nats-3", "postgres"].sort(),
    );
    expect(compose.services.mailpit?.image).toMatch(/^axllent\/mailpit:/);
  });

  it("takes every base image from a variable, so a release pins them by digest", () => {
    expect(compose.services.postgres?.image).toBe(`\${POSTGRES_IMAGE:-postgres:17}`);
    expect(compose.services["nats-1"]?.image).toMatch(/^\$\{NATS_IMAGE:-nats:2\.\d+\.\d+-alpine\}$/);
    for (const name of Object.keys(SERVICES)) {
      expect(compose.services[name]?.build).toMatchObject({
        args: { NODE_IMAGE: `\${NODE_IMAGE:-node:22-bookworm-slim}` },
      });
    }
    expect(compose.services.dashboard?.build).toMatchObject({
      args: {
        NODE_IMAGE: expect.stringMatching(/^\$\{NODE_IMAGE:-/),
        NGINX_IMAGE: expect.stringMatching(/^\$\{NGINX_IMAGE:-/),
      },
    });
    for (const dockerfile of ["service.Dockerfile", "dashboard.Dockerfile"]) {
      const recipe = readFileSync(join(repoRoot, "infra/docker", dockerfile), "utf8");
      // Every FROM is an ARG (or an earlier stage), never a fixed image.
      for (const from of recipe.matchAll(/^FROM (\S+)/gm)) expect(from[1]).toMatch(/^\$\{[A-Z_]+\}$|^\w+$/);
    }
  });

  it("serves the dashboard through the proxy to every service and imports the Keycloak realm", () => {
    const dashboard = compose.services.dashboard as Service;
    expect(dashboard.build).toMatchObject({ dockerfile: "infra/docker/dashboard.Dockerfile" });
    for (const [name, port] of Object.entries(SERVICES)) {
      const variable = `${serviceDefinition(name as ServiceName).env}_URL`;
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
