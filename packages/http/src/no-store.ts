import type { MiddlewareHandler } from "hono";

/**
 * "Responses holding personal data carry `Cache-Control: no-store`" (DESIGN.md). createServiceApp
 * installs this for every response of every service, errors included, so no route has to remember
 * it; a handler that sets a Cache-Control of its own (the picture's event stream: `no-cache`) keeps it.
 */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
};
