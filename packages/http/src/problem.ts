import type { Problem } from "@krisstod/contracts";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type FieldError, genericCode } from "./errors.ts";

/**
 * Writes an RFC 9457 problem body with the request id and a stable `code` (the status's generic
 * code unless a more specific one is given), which clients translate into the user's language.
 */
export function problemResponse(
  c: Context,
  status: number,
  title: string,
  detail?: string,
  errors?: readonly FieldError[],
  code?: string,
): Response {
  const body: Problem = {
    type: "about:blank",
    title,
    status,
    code: code ?? genericCode(status),
    ...(detail ? { detail } : {}),
    instance: c.req.path,
    requestId: c.get("requestId"),
    ...(errors && errors.length > 0 ? { errors: [...errors] } : {}),
  };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    "Content-Type": "application/problem+json",
  });
}
