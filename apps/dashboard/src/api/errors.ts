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
    const fields = [...new Set(error.problem?.errors?.map((e) => fieldName(e.field, problems)) ?? [])];
    return fields.length > 0 ? `${text} ${problems.fields(fields.join(", "))}` : text;
  }
  // fetch throws a TypeError when the network fails; anything else is an answer we could not read.
  return error instanceof TypeError ? problems.network : problems.unexpected;
}

/**
 * A field path as the services name it ("location.lat", "phones.0") in words: each named part
 * translated, list positions left out (the user sees the list, not its index), joined with "›".
 * A part this version has no name for stays as sent rather than being hidden.
 */
export function fieldName(path: string, problems: WorkMessages["problems"]): string {
  const parts = path.split(".").filter((part) => part !== "" && !/^\d+$/.test(part));
  if (parts.length === 0) return path;
  // Own keys only: a field called "constructor" must not find Object's.
  return parts
    .map((part) => (Object.hasOwn(problems.fieldNames, part) ? problems.fieldNames[part] : part))
    .join(" › ");
}
