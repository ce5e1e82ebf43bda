import fc from "fast-check";
import { z } from "zod";

/**
 * fast-check arbitraries derived from the contracts' zod schemas. `zod-fast-check` supports zod 3
 * and fast-check 3 only, so the schema goes through zod 4's own `z.toJSONSchema` and arbitraries
 * are built from the JSON Schema (types, bounds, patterns, formats, enums). Refinements do not
 * survive that, so `validFor` keeps only values the schema itself accepts.
 */
type Json = {
  type?: string | string[];
  properties?: Record<string, Json>;
  required?: string[];
  items?: Json;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Json[];
  oneOf?: Json[];
  allOf?: Json[];
  $ref?: string;
  $defs?: Record<string, Json>;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | Json;
};

const isoDate = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString());

function fromJson(s: Json, root: Json): fc.Arbitrary<unknown> {
  if (s.$ref) {
    const name = s.$ref.split("/").at(-1) ?? "";
    const target = root.$defs?.[name];
    return target ? fc.constant(null).chain(() => fromJson(target, root)) : fc.anything();
  }
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union) return fc.oneof(...union.map((u) => fromJson(u, root)));
  if (s.allOf?.[0]) return fromJson(s.allOf[0], root);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "string":
      return stringFor(s);
    case "integer":
    case "number": {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000);
      return type === "integer"
        ? fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(s.items ? fromJson(s.items, root) : fc.anything(), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)),
      });
    case "object": {
      const props = s.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(props)) model[key] = fromJson(value, root);
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.jsonValue();
  }
}

function stringFor(s: Json): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 60, Math.max(min, 60));
  switch (s.format) {
    case "uuid":
      return fc.uuid({ version: 7 });
    case "date-time":
      return isoDate;
    case "date":
      return isoDate.map((d) => d.slice(0, 10));
    case "email":
      return fc.emailAddress();
    case "uri":
      return fc.webUrl();
  }
  if (s.pattern) {
    return fc
      .stringMatching(new RegExp(s.pattern))
      .filter((v) => v.length >= min && v.length <= (s.maxLength ?? Number.MAX_SAFE_INTEGER));
  }
  return fc.string({ minLength: min, maxLength: max, unit: "grapheme" });
}

/**
 * Values shaped like the schema's JSON Schema (its input form). Refinements and patterns are not
 * all honoured, so some are refused by the schema: callers decide per value what to expect.
 */
export function shapedLike(schema: z.ZodType): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  return fromJson(json, json);
}

/**
 * Only values the schema accepts. A filter retries until one passes, so use it only for schemas
 * whose shape rarely fails their refinements (a schema that hardly ever passes would loop).
 */
export function validFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  return shapedLike(schema).filter((v) => schema.safeParse(v).success);
}

/** Junk: values of any shape, and valid bodies with one field replaced by junk, that the schema refuses. */
export function invalidFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  const base = fromJson(json, json);
  const corrupted = fc
    .tuple(base, fc.nat(), fc.oneof(fc.jsonValue(), injectionString, fc.constant(null)))
    .map(([value, at, junk]) => {
      if (!value || typeof value !== "object" || Array.isArray(value)) return junk;
      const keys = Object.keys(json.properties ?? value);
      const key = keys[at % Math.max(1, keys.length)] ?? "x";
      return { ...value, [key]: junk };
    });
  return fc.oneof(fc.jsonValue(), corrupted).filter((v) => !schema.safeParse(v).success);
}

/** Strings an attacker types: SQL, header and script injection, odd Unicode. */
export const injectionStrings = [
  "' OR '1'='1",
  "'; DROP TABLE activation.incidents; --",
  "1; SELECT pg_sleep(5)--",
  '" OR ""="',
  "Robert'); DROP TABLE visitors;--",
  "\\'; select 1; --",
  "%27%20OR%201%3D1",
  "x\r\nSet-Cookie: a=b",
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the attack
  "${jndi:ldap://x}",
  "\u0000",
  "Ω≈ç√∫˜µ≤≥÷ 𝕏 👩‍👩‍👧",
];
export const injectionString = fc.constantFrom(...injectionStrings);
