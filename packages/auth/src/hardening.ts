import { getConnInfo } from "@hono/node-server/conninfo";
import { TooManyRequestsError } from "@krisstod/http";
import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

/**
 * CORS for an allow-list of exact origins (no wildcards). Tokens travel in the Authorization
 * header, never in cookies, so credentials stay off; anything else gets no CORS headers and the
 * browser blocks it.
 */
export function strictCors(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["Authorization", "Content-Type", "Last-Event-ID", "X-Request-Id"],
    exposeHeaders: ["X-Request-Id", "Location", "Retry-After"],
    credentials: false,
    maxAge: 600,
  });
}

export interface RateLimitOptions {
  /** Names the limited endpoint group ("sign-in", "answer-link"); part of the key. */
  name: string;
  /** Requests allowed per key within the window. */
  limit: number;
  windowMs: number;
  /** The client key; default the peer's IP address. Behind a proxy, read the forwarded address here. */
  keyOf?: (c: Context) => string;
  /** Bounds memory under a flood of distinct keys; the oldest key is dropped first. */
  maxKeys?: number;
  now?: () => number;
}

/**
 * A sliding-window limit kept in memory (per process: with several replicas each allows `limit`).
 * Written here rather than taken from hono-rate-limiter because that one counts fixed windows,
 * which let a burst of 2×limit through at a window edge, and answers in its own body format; this
 * one is 40 lines and answers 429 problem+json through the one error handler.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const hits = new Map<string, number[]>();
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  const keyOf = options.keyOf ?? peerAddress;
  return async (c, next) => {
    const at = now();
    const key = `${options.name}|${keyOf(c)}`;
    const recent = (hits.get(key) ?? []).filter((t) => t > at - options.windowMs);
    if (recent.length >= options.limit) {
      hits.set(key, recent);
      const oldest = recent[0] ?? at;
      c.header("Retry-After", String(Math.max(1, Math.ceil((oldest + options.windowMs - at) / 1000))));
      throw new TooManyRequestsError();
    }
    recent.push(at);
    hits.delete(key); // re-insert so Map order is least-recently-used first
    hits.set(key, recent);
    if (hits.size > maxKeys) {
      const first = hits.keys().next();
      if (!first.done) hits.delete(first.value);
    }
    await next();
  };
}

function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // Not served by @hono/node-server (e.g. app.request() in a test): one shared bucket.
    return "unknown";
  }
}
