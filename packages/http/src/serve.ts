import { type ServerType, serve } from "@hono/node-server";

/** Anything that answers requests: a Hono app of any environment. */
export interface FetchApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  /** Stops accepting, lets requests in progress finish (up to deadlineMs), then closes. */
  close(deadlineMs?: number): Promise<void>;
}

/** How long close() lets requests in progress finish before it cuts every connection. */
export const DRAIN_DEADLINE_MS = 10_000;

/**
 * Serves an app on host:port (port 0 picks a free one) and resolves once it listens. close()
 * drains: it stops accepting connections, lets requests in progress finish (up to the deadline),
 * then closes what is left, long-lived SSE streams included (their clients reconnect elsewhere).
 */
export function listen(app: FetchApp, options: { port: number; hostname: string }): Promise<RunningServer> {
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const settled = () => {
    inFlight--;
    if (inFlight === 0) idle?.();
  };
  return new Promise((resolve) => {
    const server: ServerType = serve(
      // The node-server bindings (`env.incoming`) pass through: getConnInfo reads the peer's
      // address from them, which the rate limits key on.
      {
        fetch: async (request, env) => {
          inFlight++;
          try {
            return await app.fetch(request, env);
          } finally {
            settled();
          }
        },
        port: options.port,
        hostname: options.hostname,
      },
      (info) => {
        resolve({
          port: info.port,
          url: `http://${options.hostname}:${info.port}`,
          close: (deadlineMs = DRAIN_DEADLINE_MS) =>
            new Promise<void>((done) => {
              const closed = new Promise<void>((serverClosed) => server.close(() => serverClosed()));
              if ("closeIdleConnections" in server) server.closeIdleConnections();
              const drained = new Promise<void>((resolveDrained) => {
                if (inFlight === 0) resolveDrained();
                else idle = resolveDrained;
              });
              const deadline = new Promise<void>((expire) => setTimeout(expire, deadlineMs).unref());
              void Promise.race([drained, deadline])
                // A tick for the last responses' bytes to leave before their sockets close.
                .then(() => new Promise((tick) => setTimeout(tick, 50)))
                .then(() => {
                  if ("closeAllConnections" in server) server.closeAllConnections();
                  return closed;
                })
                .then(() => done());
            }),
        });
      },
    );
  });
}
