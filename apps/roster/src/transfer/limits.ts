import { type Environment, parseEnv } from "@krisstod/config";
import { z } from "zod";

/**
 * How big a call-list file the import takes. A municipality's lists hold tens of people (about 20
 * support persons is the target) and the largest county's all of them a few thousand; the limits
 * leave room for that and keep the service's memory well under its 512 MiB container limit
 * (measured: bench target "roster-import-memory").
 */
export const importEnv = z.object({
  /** Largest file in bytes (CSV or .xlsx); a bigger one is refused with 413 while it streams in. */
  ROSTER_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(2 * 1024 * 1024),
  /** Most people (rows below the header) in one file; more is a 400 naming `rows`. */
  ROSTER_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(5_000),
});

export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
}

/** The limits from `environment` (unset: the defaults); throws ConfigError naming a bad variable. */
export function importLimitsFromEnv(environment: Environment = {}): ImportLimits {
  const env = parseEnv(importEnv, environment);
  return { maxBytes: env.ROSTER_IMPORT_MAX_BYTES, maxRows: env.ROSTER_IMPORT_MAX_ROWS };
}
