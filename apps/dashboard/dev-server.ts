import { createServer, type LogLevel } from "vite";
import type { BrowserConfig, ServiceTargets } from "./env.ts";
import { dashboardConfig } from "./vite.config.ts";

export interface RunningDashboard {
  /** Base URL of the dashboard, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the Vite dev server in-process against the given service URLs; port 0 picks a free one.
 * The configuration is passed inline (configFile: false) so that a test needs no environment.
 */
export async function startDashboardDevServer(options: {
  targets: ServiceTargets;
  /** The issuer the browser signs in with (served as /config.json). */
  browser: BrowserConfig;
  port?: number;
  host?: string;
  logLevel?: LogLevel;
  /** Off for tests: a page under test must never reload because a file changed. */
  hmr?: boolean;
  /** Vite's dependency cache; a test keeps its own so it never races a developer's `vite`. */
  cacheDir?: string;
}): Promise<RunningDashboard> {
  const host = options.host ?? "127.0.0.1";
  const config = dashboardConfig({
    targets: options.targets,
    browser: options.browser,
    port: options.port ?? 0,
    host,
  });
  const server = await createServer({
    ...config,
    server: { ...config.server, hmr: options.hmr ?? true, ...(options.hmr === false ? { watch: null } : {}) },
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    configFile: false,
    logLevel: options.logLevel ?? "warn",
    clearScreen: false,
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (address === null || address === undefined || typeof address === "string") {
    await server.close();
    throw new Error("the dashboard dev server did not bind a TCP port");
  }
  return { url: `http://${host}:${address.port}/`, close: () => server.close() };
}
