import { ConfigError } from "@krisstod/config";
import { expect, test } from "vitest";
import { parseLauncherEnv, repoRoot } from "../src/env.ts";

test("with nothing set, the launcher uses embedded servers, .data in the repository and the default ports", () => {
  const env = parseLauncherEnv({});
  expect(env.DATABASE_URL).toBeUndefined();
  expect(env.NATS_URL).toBeUndefined();
  expect(env.KS_DATA_DIR).toBe(`${repoRoot}/.data`);
  expect([env.ROSTER_PORT, env.ACTIVATION_PORT, env.SUPPORT_CENTRES_PORT, env.REPORTING_PORT]).toEqual([
    4101, 4102, 4103, 4104,
  ]);
  expect(env.NATS_PORT).not.toBe(4222);
  expect(env.DEMO_DATA).toBe(true);
});

test("an empty DATABASE_URL counts as unset", () => {
  expect(parseLauncherEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
});

test("a bad variable is named in the error", () => {
  expect(() => parseLauncherEnv({ ACTIVATION_PORT: "http", NATS_URL: "localhost:4222" })).toThrow(
    ConfigError,
  );
  try {
    parseLauncherEnv({ ACTIVATION_PORT: "http", NATS_URL: "localhost:4222" });
  } catch (error) {
    expect((error as ConfigError).issues.map((issue) => issue.variable).sort()).toEqual([
      "ACTIVATION_PORT",
      "NATS_URL",
    ]);
  }
});
