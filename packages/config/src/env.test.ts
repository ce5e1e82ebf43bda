import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv, serviceEnv } from "./index.ts";

const good = {
  PORT: "4102",
  DATABASE_URL: "postgres://ks_activation@127.0.0.1:5432/krisstod",
  MIGRATION_DATABASE_URL: "postgres://ks_activation_migrator@127.0.0.1:5432/krisstod",
  NATS_URL: "nats://127.0.0.1:4222",
  OIDC_ISSUER: "http://127.0.0.1:4100",
};

describe("service configuration", () => {
  it("parses a good environment with defaults", () => {
    expect(parseEnv(serviceEnv, good)).toMatchObject({
      PORT: 4102,
      NATS_NAMESPACE: "ks",
      DEMO_DATA: false,
      OIDC_AUDIENCE: "krisstod",
      OIDC_ROLES_CLAIM: "roles",
    });
  });

  it("names every bad or missing variable", () => {
    try {
      parseEnv(serviceEnv, {
        ...good,
        PORT: "eighty",
        DATABASE_URL: undefined,
        MIGRATION_DATABASE_URL: "ks_activation_migrator@127.0.0.1",
        NATS_URL: "localhost:4222",
        OIDC_ISSUER: undefined,
      });
      expect.fail("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const variables = (error as ConfigError).issues.map((i) => i.variable).sort();
      expect(variables).toEqual([
        "DATABASE_URL",
        "MIGRATION_DATABASE_URL",
        "NATS_URL",
        "OIDC_ISSUER",
        "PORT",
      ]);
      expect((error as ConfigError).message).toContain("NATS_URL: must be nats:// URL(s)");
    }
  });
});
