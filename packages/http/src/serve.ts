import { type ServerType, serve } from "@hono/node-server";

/** Anything that answers requests: a Hono app of any environment. */
export interface FetchApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Serves an app on host:port (port 0 picks a free one) and resolves once it listens. */
export function listen(app: FetchApp, options: { port: number; hostname: string }): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server: ServerType = serve(
      // The node-server bindings (`env.incoming`) pass through: getConnInfo reads the peer's
      // address from them, which the rate limits key on.
      { fetch: (request, env) => app.fetch(request, env), port: options.port, hostname: options.hostname },
      (info) => {
        resolve({
          port: info.port,
          url: `http://${options.hostname}:${info.port}`,
          close: () =>
            new Promise<void>((done) => {
              // Long-lived SSE connections must not hold shutdown open.
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close(() => done());
            }),
        });
      },
    );
  });
}
