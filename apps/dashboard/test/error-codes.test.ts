import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as contracts from "@krisstod/contracts";
import { genericCodes } from "@krisstod/http";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "../src/api/client.ts";
import { errorText } from "../src/api/errors.ts";
import { workEn } from "../src/i18n/work.en.ts";
import { workSv } from "../src/i18n/work.sv.ts";

// Every stable error code a service can answer with has a Swedish and an English text in the
// dashboard, so no refusal reaches the user as the service's English `detail`. The codes are read
// from the services' source: the last argument of every `new …Error(…)` that is a kebab-case
// string, the generic code of every status, and the HTTP shell's own.

const root = fileURLToPath(new URL("../../../", import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
    .map((e) => join(e.parentPath, e.name));
}

/** The kebab-case string literals passed last to `new XxxError(…)`. */
function codesIn(source: string): string[] {
  const codes: string[] = [];
  for (const match of source.matchAll(/new \w+Error\(/g)) {
    let depth = 1;
    let i = (match.index ?? 0) + match[0].length;
    const start = i;
    let quote: string | undefined;
    for (; i < source.length && depth > 0; i++) {
      const ch = source[i];
      if (quote) {
        if (ch === "\\") i++;
        else if (ch === quote) quote = undefined;
      } else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
      else if (ch === "(" || ch === "[" || ch === "{") depth++;
      else if (ch === ")" || ch === "]" || ch === "}") depth--;
    }
    const last = /,\s*"([a-z]+(?:-[a-z]+)+|[a-z]+)"\s*,?\s*\)$/.exec(source.slice(start, i));
    if (last?.[1]) codes.push(last[1]);
  }
  return codes;
}

describe("the services' error codes in the dashboard's languages", () => {
  it("has a Swedish and an English text for every code a service can send", async () => {
    const dirs = [
      "apps/activation/src",
      "apps/support-centres/src",
      "apps/reporting/src",
      "apps/roster/src",
      "packages/auth/src",
      "packages/http/src",
    ];
    const codes = new Set<string>([...Object.values(genericCodes), "no-route", "malformed-json"]);
    for (const dir of dirs)
      for (const file of await sourceFiles(join(root, dir)))
        for (const code of codesIn(await readFile(file, "utf8"))) codes.add(code);
    // The scan finds the codes this issue added (it can fail).
    expect(codes).toContain("visitors-still-present");
    expect(codes).toContain("not-authorised-activator");
    expect([...codes].filter((code) => !(code in workSv.problems.codes))).toEqual([]);
    expect([...codes].filter((code) => !(code in workEn.problems.codes))).toEqual([]);
  });

  it("shows a refusal by its code in the chosen language, never the service's English detail", () => {
    const refusal = new ApiError(409, {
      type: "about:blank",
      title: "Conflict",
      status: 409,
      code: "visitors-still-present",
      detail: "2 visitors are still in the centre; record their departure first.",
    });
    expect(errorText(refusal, workSv.problems)).toBe(workSv.problems.codes["visitors-still-present"]);
    expect(errorText(refusal, workEn.problems)).toBe(workEn.problems.codes["visitors-still-present"]);
    // A code this version does not know: the status's text, still in Swedish.
    const unknown = new ApiError(422, {
      type: "about:blank",
      title: "x",
      status: 422,
      code: "brand-new",
      detail: "English",
    });
    expect(errorText(unknown, workSv.problems)).toBe("Tjänsten tog inte emot uppgifterna.");
    // The fields a 400 names come along.
    const invalid = new ApiError(400, {
      type: "about:blank",
      title: "Invalid request",
      status: 400,
      code: "invalid-request",
      errors: [{ field: "title", message: "Too small" }],
    });
    expect(errorText(invalid, workSv.problems)).toBe(
      "Några uppgifter saknas eller är felaktiga. Gäller: Rubrik.",
    );
  });

  it("names the wrong fields in words of the chosen language, never by their keys", () => {
    const invalid = new ApiError(400, {
      type: "about:blank",
      title: "Invalid request",
      status: 400,
      code: "invalid-request",
      errors: [
        { field: "plannedStart", message: "Invalid ISO datetime" },
        { field: "location.lat", message: "Too big" },
        { field: "phones.0", message: "Invalid" },
        { field: "phones.1", message: "Invalid" },
      ],
    });
    expect(errorText(invalid, workSv.problems)).toBe(
      "Några uppgifter saknas eller är felaktiga. Gäller: Planerad start, Plats › Latitud, Telefonnummer.",
    );
    expect(errorText(invalid, workEn.problems)).toBe(
      `${workEn.problems.codes["invalid-request"]} Concerns: Planned start, Place › Latitude, Phone numbers.`,
    );
  });

  it("has a Swedish and an English name for every field of every request body", () => {
    const keys = new Set<string>(["body"]);
    for (const [name, schema] of Object.entries(contracts))
      if (name.endsWith("Body") && schema instanceof z.ZodType) collectKeys(schema, keys);
    // The walk reaches nested bodies (it can fail): the incident's place and its latitude.
    expect(keys).toContain("location");
    expect(keys).toContain("lat");
    expect([...keys].filter((key) => !Object.hasOwn(workSv.problems.fieldNames, key))).toEqual([]);
    expect([...keys].filter((key) => !Object.hasOwn(workEn.problems.fieldNames, key))).toEqual([]);
  });
});

/** Every object key in a zod schema, through optionals, arrays, unions and the like. */
function collectKeys(schema: z.ZodType, keys: Set<string>): void {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  if (def.type === "object")
    for (const key of Object.keys(def.shape as Record<string, z.ZodType>)) keys.add(key);
  for (const child of childrenOf(def)) collectKeys(child, keys);
}

/** The schemas a zod schema is made of (an object's fields, a list's element, an optional's inner). */
function childrenOf(def: Record<string, unknown> & { type: string }): z.ZodType[] {
  const one = (key: string) => [def[key] as z.ZodType];
  switch (def.type) {
    case "object":
      return Object.values(def.shape as Record<string, z.ZodType>);
    case "array":
      return one("element");
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return one("innerType");
    case "union":
      return def.options as z.ZodType[];
    case "intersection":
      return [...one("left"), ...one("right")];
    case "pipe":
      return one("in");
    case "record":
      return one("valueType");
    default:
      return [];
  }
}
