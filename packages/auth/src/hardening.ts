import { BlockList, isIP } from "node:net";
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
  const exposed = ["X-Request-Id", "Location", "Retry-After"];
  const preflight = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["Authorization", "Content-Type", "Last-Event-ID", "X-Request-Id"],
    exposeHeaders: exposed,
    credentials: false,
    maxAge: 600,
  });
  const expose = exposed.join(",");
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c, next);
    // Any other request: the headers Hono's cors middleware would give it, set on the answer once
    // the route has made it. Hono's middleware touches `c.res` before the route answers and adds
    // `Vary` with `c.header` after; on @hono/node-server each of those turns the answer into a full
    // fetch Response and copies it (two per request: a third of a registration's middleware CPU).
    const origin = c.req.header("origin");
    await next();
    const headers = c.res.headers;
    if (origin !== undefined && allowed.has(origin)) {
      headers.set("Access-Control-Allow-Origin", origin);
      headers.set("Access-Control-Expose-Headers", expose);
    }
    headers.append("Vary", "Origin");
  };
}

export interface SlidingWindowOptions {
  /** Hits allowed per key within the window. */
  limit: number;
  windowMs: number;
  /** Bounds memory under a flood of distinct keys; the least recently used key is dropped first. */
  maxKeys?: number;
  now?: () => number;
}

/** One hit's verdict: allowed, or refused with the seconds until the oldest hit leaves the window. */
export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SlidingWindow {
  hit(key: string): Verdict;
}

/**
 * A sliding-window counter kept in memory (per process: with several replicas each allows
 * `limit`). Written here rather than taken from hono-rate-limiter because that one counts fixed
 * windows, which let a burst of 2×limit through at a window edge, and answers in its own body
 * format; this one is 30 lines and its refusals go through the one error handler.
 */
export function slidingWindow(options: SlidingWindowOptions): SlidingWindow {
  const hits = new Map<string, number[]>();
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  return {
    hit(key) {
      const at = now();
      const recent = (hits.get(key) ?? []).filter((t) => t > at - options.windowMs);
      if (recent.length >= options.limit) {
        hits.set(key, recent);
        const oldest = recent[0] ?? at;
        return {
          allowed: false,
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + options.windowMs - at) / 1000)),
        };
      }
      recent.push(at);
      hits.delete(key); // re-insert so Map order is least-recently-used first
      hits.set(key, recent);
      if (hits.size > maxKeys) {
        const first = hits.keys().next();
        if (!first.done) hits.delete(first.value);
      }
      return { allowed: true };
    },
  };
}

/** Throws the 429 (with Retry-After) for a refused verdict. */
export function enforce(c: Context, verdict: Verdict): void {
  if (verdict.allowed) return;
  c.header("Retry-After", String(verdict.retryAfterSeconds));
  throw new TooManyRequestsError();
}

export interface RateLimitOptions extends SlidingWindowOptions {
  /** Names the limited endpoint group ("sign-in", "answer-link"); part of the key. */
  name: string;
  /** The client key; default the peer's IP address (see `clientAddress` behind a proxy). */
  keyOf?: (c: Context) => string;
}

/** Limits requests per client key with a {@link slidingWindow}; 429 problem+json past the limit. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const window = slidingWindow(options);
  const keyOf = options.keyOf ?? peerAddress;
  return async (c, next) => {
    enforce(c, window.hit(`${options.name}|${keyOf(c)}`));
    await next();
  };
}

/** The address of the TCP peer: the client, or the proxy in front of the service. */
export function peerAddress(c: Context): string {
  try {
    return normalise(getConnInfo(c).remote.address ?? "unknown");
  } catch {
    // Not served by @hono/node-server (e.g. app.request() in a test): one shared bucket.
    return "unknown";
  }
}

/**
 * Parses a list of trusted proxies (addresses or CIDR ranges, e.g. `10.0.0.0/8, 127.0.0.1`).
 * @throws Error naming the entry that is neither.
 */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (family === 0) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
      throw new Error(`"${entry}" has no valid prefix length`);
    }
    list.addSubnet(address, bits, type);
  }
  return list;
}

/**
 * The client's address as seen behind the trusted proxies: X-Forwarded-For is believed only when
 * the peer is a trusted proxy, and then read from the right, skipping further trusted proxies, so
 * a client cannot name itself someone else by sending its own header. With no trusted proxies it
 * is the peer's address.
 */
export function clientAddress(c: Context, trusted: BlockList): string {
  let address = peerAddress(c);
  if (!isTrusted(trusted, address)) return address;
  const forwarded = (c.req.header("X-Forwarded-For") ?? "")
    .split(",")
    .map((part) => normalise(part.trim()))
    .filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i] ?? "";
    if (isIP(hop) === 0) return address; // garbage in the chain: stop at the last good hop
    address = hop;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return address;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) → "127.0.0.1". */
function normalise(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
