import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (test/deploy/../..). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const require = createRequire(import.meta.url);

/**
 * The Compose specification's JSON schema as dclint ships it (dclint's maintainers refresh it from
 * the compose-spec repository; it is the schema `docker compose config` validates against).
 */
export function composeSchema(): Record<string, unknown> {
  const path = join(dirname(require.resolve("dclint/package.json")), "schemas", "compose.schema.json");
  if (!existsSync(path)) throw new Error(`${path} is missing: is the dclint devDependency installed?`);
  // It names draft-07 by an https URL that Ajv does not know by that spelling; Ajv's default
  // dialect is draft-07, so the schema is compiled as what it is.
  const { $schema: _dialect, ...schema } = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  return schema;
}
