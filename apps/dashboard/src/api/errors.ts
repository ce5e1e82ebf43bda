import { ApiError } from "./client.ts";

/** What a refused request says, for a role="alert" line: the service's detail and the fields it names. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.problem?.errors?.map((e) => `${e.field}: ${e.message}`) ?? [];
    return [error.message, ...fields].join(" · ");
  }
  return error instanceof Error ? error.message : String(error);
}
