import { zValidator } from "@hono/zod-validator";
import type { Context, Env, MiddlewareHandler, ValidationTargets } from "hono";
import { createMiddleware } from "hono/factory";
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
  const middleware = zValidator(
    target,
    refuseNul(schema),
    (result) => {
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
    },
    // Our contracts have no async refinements: a synchronous parse spares every check a promise
    // (a centre id: under 1 µs against 1–3 µs async, measured alone; bench/PROFILES.md round six).
    // (`never`: zod-validator's result type is conditional on the schema, deferred for a generic one.)
    { validationFunction: (checked, value) => checked.safeParse(value) as never },
  );
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
      // The common case, no NUL anywhere, walks the value without allocating; paths only for a refusal.
      if (!hasNul(value)) return;
      for (const path of nulPaths(value, [])) {
        ctx.addIssue({ code: "custom", path, message: "must not contain the NUL character" });
      }
    })
    .pipe(schema);
}

function hasNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) {
    for (const item of value) if (hasNul(item)) return true;
    return false;
  }
  if (value && typeof value === "object") {
    for (const key in value) {
      if (Object.hasOwn(value, key) && hasNul((value as Record<string, unknown>)[key])) return true;
    }
  }
  return false;
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
 * The JSON body of a route that also takes an empty POST (`optional`: the body is then `{}`) or
 * the same fields as a form post (`form`: a plain HTML page's form; blank fields count as left
 * out). Validated like `validate("json", …)`: a wrong field is a 400 problem naming it, and
 * `c.req.valid("json")` is typed for the handler and the typed client (`hc`). The OpenAPI
 * document describes the body (required unless `optional`, with the form media type if `form`).
 */
export function validateBody<S extends z.ZodType, E extends Env = Env, P extends string = string>(
  schema: S,
  options: { optional?: boolean; form?: boolean } = {},
): MiddlewareHandler<E, P, { in: { json: z.input<S> }; out: { json: z.output<S> } }> {
  const checked = refuseNul(schema);
  const middleware = createMiddleware(async (c, next) => {
    const type = c.req.header("Content-Type") ?? "";
    const isForm =
      options.form === true && /application\/x-www-form-urlencoded|multipart\/form-data/i.test(type);
    let raw: unknown;
    if (isForm) {
      raw = Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([, v]) => v !== ""));
    } else if (options.optional && (await c.req.text()).trim() === "") {
      raw = {};
    } else {
      raw = await readJsonBody(c);
    }
    const parsed = checked.safeParse(raw);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        field: issue.path.length > 0 ? issue.path.map(String).join(".") : "body",
        message: issue.message,
      }));
      throw new InvalidError(`The body is invalid: ${errors.map((e) => e.field).join(", ")}.`, errors);
    }
    c.req.addValidatedData("json", parsed.data as object);
    await next();
  });
  const described = { schema: resolver(schema) };
  const spec = {
    requestBody: {
      required: options.optional !== true,
      content: {
        "application/json": described,
        ...(options.form ? { "application/x-www-form-urlencoded": described } : {}),
      },
    },
  };
  return Object.assign(middleware, { [uniqueSymbol]: { spec } }) as unknown as MiddlewareHandler<
    E,
    P,
    { in: { json: z.input<S> }; out: { json: z.output<S> } }
  >;
}
