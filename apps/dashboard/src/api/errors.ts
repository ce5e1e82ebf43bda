import type { WorkMessages } from "../i18n/work.ts";
import { ApiError } from "./client.ts";

/**
 * What a refused request says, for a role="alert" line, in the user's language: the translation of
 * the service's stable error code (or of its status, for a code this version does not know), and
 * the fields it names. The service's English `detail` is never shown.
 */
export function errorText(error: unknown, problems: WorkMessages["problems"]): string {
  if (error instanceof ApiError) {
    const code = error.problem?.code;
    const text = (code !== undefined ? problems.codes[code] : undefined) ?? problems.byStatus(error.status);
    const fields = [...new Set(error.problem?.errors?.map((e) => e.field) ?? [])];
    return fields.length > 0 ? `${text} ${problems.fields(fields.join(", "))}` : text;
  }
  // fetch throws a TypeError when the network fails; anything else is an answer we could not read.
  return error instanceof TypeError ? problems.network : problems.unexpected;
}
