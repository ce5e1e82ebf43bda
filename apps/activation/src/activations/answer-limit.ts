import { clientAddress, enforce, slidingWindow, trustedProxies } from "@krisstod/auth";
import type { HonoRequest, MiddlewareHandler } from "hono";
import type { ActivationParts } from "../parts.ts";

/**
 * The answer links' rate limit. No account stands behind these requests (the link is the
 * credential), so guessing is slowed per client address; but every support person may sit
 * behind one proxy or one mobile operator's NAT, so a request carrying a link that verifies is
 * counted on that link alone. Someone without a valid link can exhaust only the address bucket
 * and never locks a genuine answer out; someone with one link can only hammer that link.
 */
export function answerLinkLimit(parts: ActivationParts): MiddlewareHandler {
  const trusted = trustedProxies(parts.env.TRUSTED_PROXIES);
  const window = { limit: parts.env.ANSWER_LINK_RATE_LIMIT, windowMs: 60_000 };
  const perLink = slidingWindow(window);
  const perAddress = slidingWindow(window);
  return async (c, next) => {
    const token = await tokenOf(c.req);
    const callOutId = c.req.param("id") ?? "";
    const jti = token
      ? await parts.signer.verify(token, callOutId).then(
          (claims) => claims.jti,
          () => null,
        )
      : null;
    enforce(c, jti ? perLink.hit(jti) : perAddress.hit(clientAddress(c, trusted)));
    await next();
  };
}

/**
 * The link's token wherever the request carries it: the query (the page) or the body (the
 * answer, as a form or JSON). The body text is cached by Hono, so the handler reads it again.
 */
async function tokenOf(request: HonoRequest): Promise<string | undefined> {
  const inQuery = request.query("token");
  if (inQuery) return inQuery;
  if (request.method !== "POST") return undefined;
  const type = request.header("Content-Type") ?? "";
  const text = await request.text();
  if (type.includes("application/x-www-form-urlencoded")) {
    return new URLSearchParams(text).get("token") ?? undefined;
  }
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && "token" in body && typeof body.token === "string")
      return body.token;
  } catch {
    // Not JSON: the handler answers 400; here it is a request without a link.
  }
  return undefined;
}
