import { AppError } from "./errors.ts";

/** What is left of a failed database call once the personal data is taken out. */
export class ScrubbedDatabaseError extends Error {
  override readonly name = "ScrubbedDatabaseError";
  constructor(
    readonly operation: string,
    readonly code: string | undefined,
  ) {
    super(`database call failed in ${operation}${code ? ` (SQLSTATE ${code})` : ""}`);
  }
}

export function sqlState(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current === "object" && "code" in current && typeof current.code === "string")
      return current.code;
    current = typeof current === "object" && "cause" in current ? current.cause : undefined;
  }
  return undefined;
}

/**
 * Runs work that handles visitors' personal data so that an unexpected failure cannot carry that
 * data into the logs: drizzle puts the query's parameters in its error message and PostgreSQL puts
 * offending values in its own. Errors meant for the caller (AppError → problem+json) pass unchanged;
 * anything else is replaced by the operation's name and the SQLSTATE only.
 */
export async function scrubErrors<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new ScrubbedDatabaseError(operation, sqlState(error));
  }
}

const isDatabaseErrorName = (name: string) => name === "PostgresError" || name === "DrizzleQueryError";

/** A database error, or an error caused by one (drizzle wraps postgres.js's in a DrizzleQueryError). */
function fromDatabase(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof ScrubbedDatabaseError) return false;
    // By name: this package does not depend on the database drivers (drizzle leaves `name` "Error").
    if (current instanceof Error && [current.name, current.constructor.name].some(isDatabaseErrorName))
      return true;
    current = typeof current === "object" && "cause" in current ? current.cause : undefined;
  }
  return false;
}

/**
 * What of an unexpected error may be logged. A database error's message holds the query's
 * parameters (drizzle) or the offending values (PostgreSQL), which may be anyone's personal data:
 * it is logged as where it happened and its SQLSTATE only. Other errors are logged whole.
 */
export function loggableError(error: unknown, operation: string): unknown {
  return fromDatabase(error) ? new ScrubbedDatabaseError(operation, sqlState(error)) : error;
}

/**
 * postgres.js's and the socket's codes for a database that cannot be reached or went away, and
 * PostgreSQL's own: connection exceptions (class 08), shutting down or starting (57P01–57P03), too
 * many connections (53300).
 */
const UNREACHABLE = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/** The database could not be reached or went away mid-request: worth a retry, not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && (UNREACHABLE.has(code) || code.startsWith("08"));
}
