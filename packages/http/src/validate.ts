import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { InvalidError } from "./errors.ts";

/**
 * Validates one part of the request with a contract schema; a failure becomes a 400 problem that
 * names every wrong field (e.g. "location.lat").
 */
export function validate<Target extends keyof ValidationTargets, S extends z.ZodType>(
  target: Target,
  schema: S,
) {
  return zValidator(target, schema, (result) => {
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
}
