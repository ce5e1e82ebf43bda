import type { MiddlewareHandler } from "hono";
import { InvalidError } from "./errors.ts";

/** Deeper than any body our contracts describe; deep enough that no real client meets it. */
export const MAX_JSON_DEPTH = 32;

const JSON_TYPE = /^application\/([a-z0-9.-]+\+)?json\b/i;

/**
 * The deepest nesting of arrays and objects in a JSON text, counted without parsing it, so a
 * body of 100,000 opening brackets costs one pass instead of overflowing a recursive walk (the
 * schema validation and the NUL check recurse) and answering 500. Stops counting past `limit`.
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return deepest;
}

/** Refuses a JSON text nested deeper than {@link MAX_JSON_DEPTH} with a 400 naming the body. */
export function assertJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  if (jsonDepth(text, max) > max) {
    throw new InvalidError(`The body nests deeper than ${max} levels.`, [
      { field: "body", message: `must not nest deeper than ${max} levels` },
    ]);
  }
}

/**
 * Checks every JSON request body's depth before any handler or validator parses it. The text is
 * read once here; Hono caches it, so the validator's `c.req.json()` parses the same text.
 */
export function jsonDepthLimit(max = MAX_JSON_DEPTH): MiddlewareHandler {
  return async (c, next) => {
    const type = c.req.header("Content-Type");
    if (type && JSON_TYPE.test(type) && c.req.method !== "GET" && c.req.method !== "HEAD") {
      assertJsonDepth(await c.req.text(), max);
    }
    await next();
  };
}
