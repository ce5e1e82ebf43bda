import { AppError } from "@krisstod/http";

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

function sqlState(error: unknown): string | undefined {
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
