import type { Problem } from "@krisstod/contracts";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FieldError } from "./errors.ts";

/** Writes an RFC 9457 problem body with the request id. */
export function problemResponse(
  c: Context,
  status: number,
  title: string,
  detail?: string,
  errors?: readonly FieldError[],
): Response {
  const body: Problem = {
    type: "about:blank",
    title,
    status,
    ...(detail ? { detail } : {}),
    instance: c.req.path,
    requestId: c.get("requestId"),
    ...(errors && errors.length > 0 ? { errors: [...errors] } : {}),
  };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    "Content-Type": "application/problem+json",
  });
}
