import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { validateXML } from "xmllint-wasm";

/**
 * Validates an XML document against an XSD set with libxml2 (compiled to WebAssembly, so nothing is
 * downloaded at run time). The first schema is the entry point; the others are what it imports,
 * preloaded under their file names so `schemaLocation`s resolve offline.
 * Returns libxml2's messages; an empty list means valid.
 */
export async function xmlSchemaErrors(
  xml: string,
  schemaPaths: readonly [string, ...string[]],
): Promise<string[]> {
  const load = async (path: string) => ({ fileName: basename(path), contents: await readFile(path, "utf8") });
  const [entry, ...imports] = schemaPaths;
  const result = await validateXML({
    xml: [{ fileName: "document.xml", contents: xml }],
    schema: [await load(entry)],
    preload: await Promise.all(imports.map(load)),
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}
