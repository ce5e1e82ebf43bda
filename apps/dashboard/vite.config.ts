import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type ProxyOptions, type UserConfig } from "vite";
import {
  type BrowserConfig,
  browserConfig,
  parseDashboardEnv,
  SERVICES,
  type ServiceTargets,
  serviceTargets,
} from "./env.ts";

/** The dashboard's folder, so a test can start the dev server from anywhere. */
export const dashboardRoot = fileURLToPath(new URL(".", import.meta.url));

export interface DashboardServerOptions {
  targets: ServiceTargets;
  /** Served as /config.json: which issuer the browser signs in with. */
  browser: BrowserConfig;
  port: number;
  host: string;
}

/**
 * Marks a proxied server-sent-events response as not to be buffered or transformed by anything in
 * between (a reverse proxy in front of Vite, or compression), so each change reaches the browser
 * the moment the service writes it.
 */
function keepEventStreamsUnbuffered(proxyRes: IncomingMessage, res: ServerResponse): void {
  if (proxyRes.headers["content-type"]?.startsWith("text/event-stream")) {
    proxyRes.headers["cache-control"] = "no-cache, no-transform";
    proxyRes.headers["x-accel-buffering"] = "no";
    // Node sends a response's headers with its first body bytes; a stream whose first bytes are
    // a heartbeat 15 s later would look unanswered to the browser until then. The proxy copies
    // the headers right after this event, so they go out on the next tick.
    process.nextTick(() => {
      if (!res.headersSent && !res.destroyed) res.flushHeaders();
    });
  }
}

/**
 * When a service drops a connection mid-response (it stopped, or crashed), drop the browser's too.
 * The proxy pipes the body and would otherwise leave the browser's side open and silent, so an
 * event stream would look alive to the dashboard while nothing can arrive on it.
 */
function closeWhenServiceDrops(proxyRes: IncomingMessage, res: ServerResponse): void {
  proxyRes.on("close", () => {
    if (!proxyRes.complete) res.destroy();
  });
}

/** `/api/<service>/x?y` → `<service url>/x?y`, one entry per service. */
export function serviceProxy(targets: ServiceTargets): Record<string, ProxyOptions> {
  const proxied: [string, string][] = [
    // The issuer is not proxied: the browser goes to it directly, as it would to a county's own.
    ...SERVICES.filter((service) => service !== "identity").map((s): [string, string] => [s, targets[s]]),
    // The national picture, where this dashboard runs at the hub (NATIONAL_URL).
    ...(targets.national ? [["national", targets.national] as [string, string]] : []),
  ];
  return Object.fromEntries(
    proxied.map(([service, target]) => {
      const prefix = new RegExp(`^/api/${service}(?=/|\\?|$)`);
      const options: ProxyOptions = {
        target,
        changeOrigin: true,
        // No timeouts: an event stream stays open for as long as the page is.
        timeout: 0,
        proxyTimeout: 0,
        rewrite: (path) => path.replace(prefix, "") || "/",
        configure: (proxy) => {
          proxy.on("proxyRes", (proxyRes, _req, res) => {
            keepEventStreamsUnbuffered(proxyRes, res);
            closeWhenServiceDrops(proxyRes, res);
          });
        },
      };
      // A key starting with ^ is a regular expression to Vite; it keeps /api/roster from also
      // matching /api/rosterfoo.
      return [prefix.source, options];
    }),
  );
}

/**
 * Serves /config.json as the deployment does (nginx writes it from the same variables), so the
 * dev server and the built bundle read their issuer the same way, at run time.
 */
function servedConfig(config: BrowserConfig): Plugin {
  const body = JSON.stringify(config);
  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.url?.split("?")[0] !== "/config.json") return next();
    res.setHeader("Content-Type", "application/json");
    res.setHeader("Cache-Control", "no-store");
    res.end(body);
  };
  return {
    name: "krisstod-config-json",
    configureServer: (server) => {
      server.middlewares.use(middleware);
    },
    configurePreviewServer: (server) => {
      server.middlewares.use(middleware);
    },
  };
}

/** The whole Vite configuration, for `vite` on the command line and for tests alike. */
export function dashboardConfig(options: DashboardServerOptions): UserConfig {
  return {
    root: dashboardRoot,
    plugins: [react(), servedConfig(options.browser)],
    server: {
      host: options.host,
      port: options.port,
      strictPort: true,
      proxy: serviceProxy(options.targets),
    },
    preview: { proxy: serviceProxy(options.targets) },
    // Named up front so the dev server never discovers a dependency late and reloads the page.
    optimizeDeps: {
      include: [
        "react",
        "react/jsx-dev-runtime",
        "react-dom/client",
        "leaflet",
        "leaflet.markercluster",
        "react-leaflet",
        "@react-leaflet/core",
        "@tanstack/react-query",
        "zod",
        "wouter",
        "recharts",
        "eventsource-parser",
        "oidc-client-ts",
        "wouter/use-browser-location",
      ],
    },
    build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 700 },
  };
}

export default defineConfig(() => {
  const env = parseDashboardEnv(process.env);
  return dashboardConfig({
    targets: serviceTargets(env),
    browser: browserConfig(env),
    port: env.DASHBOARD_PORT,
    host: env.DASHBOARD_HOST,
  });
});
