import { defineConfig } from "vitest/config";

// One run for the whole workspace. Real PostgreSQL and NATS come from the global setup; each test
// file makes its own namespace in them, so files run in parallel (bounded for a 2-core machine).
// Files of a project share a worker's module cache (`isolate: false`): each file makes its own
// namespace, servers, connections and browser, so they share only loaded code and its caches, and
// importing the service stack afresh for every file was half of a service project's time
// (activation: 62 s isolated, 35 s not) and made `npm test` run past 30 minutes on a slow machine.
// The fault scenarios and the benchmark smoke test stay isolated: they kill and restart processes
// for minutes, so importing is a small part of them and a clean module state is worth keeping.
const project = (name: string, include: string[], timeout = 30_000, isolate = false) => ({
  extends: true as const,
  test: { name, include, testTimeout: timeout, hookTimeout: 60_000, isolate },
});

export default defineConfig({
  test: {
    globalSetup: ["./packages/testing/src/global-setup.ts"],
    maxWorkers: 2,
    pool: "forks",
    projects: [
      project("packages", ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"]),
      project("roster", ["apps/roster/**/*.test.ts"]),
      project("activation", ["apps/activation/**/*.test.ts"]),
      project("support-centres", ["apps/support-centres/**/*.test.ts"]),
      project("reporting", ["apps/reporting/**/*.test.ts"]),
      project("identity", ["apps/identity/**/*.test.ts"]),
      project("launcher", ["apps/launcher/**/*.test.ts"]),
      project("e2e", ["test/e2e/**/*.test.ts"], 60_000),
      project("faults", ["test/scenario/**/*.test.ts", "test/faults/**/*.test.ts"], 300_000, true),
      project("fuzz", ["test/fuzz/**/*.test.ts", "test/security/**/*.test.ts"], 180_000),
      project("deploy", ["test/deploy/**/*.test.ts"], 120_000),
      project("browser", ["apps/dashboard/test/**/*.test.ts"], 90_000),
      // The benchmark harness in quick mode (bench/src/smoke.test.ts): it starts some 20 processes.
      project("bench", ["bench/src/**/*.test.ts"], 600_000, true),
    ],
  },
});
