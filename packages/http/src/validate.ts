import { zValidator } from "@hono/zod-validator";
import type { Context, Env, MiddlewareHandler, ValidationTargets } from "hono";
import { resolver, uniqueSymbol } from "hono-openapi";
import { z } from "zod";
import { InvalidError } from "./errors.ts";
import { assertJsonDepth } from "./json-depth.ts";

/**
 * Validates one part of the request with a contract schema; a failure becomes a 400 problem that
 * names every wrong field (e.g. "location.lat"). The schema is also the route's OpenAPI request
 * description (body, path or query parameters): hono-openapi reads it off the middleware.
 */
export function validate<Target extends keyof ValidationTargets, S extends z.ZodType>(
  target: Target,
  schema: S,
) {
  const middleware = zValidator(target, refuseNul(schema), (result) => {
    if (!result.success) {
      const errors = result.error.issues.map((issue) => ({
        field: issue.path.length > 0 ? issue.path.map(String).join(".") : target,
        message: issue.message,
      }));
      throw new InvalidError(
        `The ${target === "json" ? "body" : target} is invalid: ${errors.map((e) => e.field).join(", ")}.`,
        errors,
      );
    }
  });
  // What hono-openapi's own `validator` attaches; ours keeps the problem+json refusal above.
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } });
}

/**
 * PostgreSQL cannot store the NUL character in text; refusing it here names the field instead of
 * failing at the database.
 */
function refuseNul<S extends z.ZodType>(schema: S) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      for (const path of nulPaths(value, [])) {
        ctx.addIssue({ code: "custom", path, message: "must not contain the NUL character" });
      }
    })
    .pipe(schema);
}

function nulPaths(value: unknown, path: (string | number)[]): (string | number)[][] {
  if (typeof value === "string") return value.includes("\u0000") ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulPaths(item, [...path, i]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => nulPaths(item, [...path, key]));
  }
  return [];
}

/** Reads a JSON body a handler parses itself; malformed JSON is the client's 400, never a 500. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  assertJsonDepth(text);
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidError(
      "The body is not valid JSON.",
      [{ field: "body", message: "must be valid JSON" }],
      "malformed-json",
    );
  }
}

/**
 * For a route that reads its JSON body itself (one that may be left out, or a form post as well):
 * tells the typed client (`hc`), which sends a `json` argument only to routes that declare one,
 * what the body is. It checks nothing; the handler parses the body with the same schema.
 */
export function takesJson<S extends z.ZodType, E extends Env = Env, P extends string = string>(
  _schema: S,
): MiddlewareHandler<E, P, { in: { json: z.input<S> }; out: { json: z.output<S> } }> {
  return async (_c, next) => {
    await next();
  };
}
