import type { MiddlewareHandler } from "hono";

/** Responses that may hold personal data are never stored by a browser or proxy (DESIGN.md). */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
};
