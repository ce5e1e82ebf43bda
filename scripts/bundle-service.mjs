#!/usr/bin/env node
// The service image's build step (infra/docker/service.Dockerfile), also run by
// test/deploy/bundle.test.ts so the test starts exactly what the image runs:
//
//   node scripts/bundle-service.mjs <service> <out-dir>
//
// writes <out-dir>/dist/main.mjs (+ .map), <out-dir>/drizzle (the service's migrations, if any) and
// whatever the bundle still loads from disk at run time. The image has no node_modules, so:
// - every patch in patches/ must be applied to node_modules first (patch-package): the bundle
//   carries the patched code. Without patches/ (turbo prune drops it) or with a patch not applied,
//   this fails rather than build an image with the crash the postgres.js patch fixes;
// - pdfkit loads its standard fonts (Helvetica …) at run time with require("#standard-fonts/…"),
//   resolved through the "imports" of the package.json nearest the bundle: the font modules are
//   copied beside the bundle and <out-dir>/package.json maps them;
// - the source map has names and lines for stack traces (off by default: NODE_OPTIONS=--enable-source-maps
//   costs about 70 MB of memory per process) but
//   not the TypeScript sources themselves.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const BANNER =
  "import { createRequire as __krisstodRequire } from 'node:module'; const require = __krisstodRequire(import.meta.url);";

/** The patched files' added lines must all be in node_modules, for every patch in patches/. */
export function unappliedPatches(root = repoRoot) {
  const dir = join(root, "patches");
  if (!existsSync(dir)) return ["patches/ is missing: copy it into the build and run patch-package"];
  const problems = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith(".patch"))) {
    let file;
    const added = new Map();
    for (const line of readFileSync(join(dir, name), "utf8").split("\n")) {
      if (line.startsWith("+++ b/")) file = line.slice("+++ b/".length);
      else if (file && line.startsWith("+") && line.trim().length > 1) {
        added.set(file, [...(added.get(file) ?? []), line.slice(1)]);
      }
    }
    for (const [path, lines] of added) {
      const target = join(root, path);
      const text = existsSync(target) ? readFileSync(target, "utf8") : "";
      if (!lines.every((line) => text.includes(line))) problems.push(`${name} is not applied to ${path}`);
    }
  }
  return problems;
}

/** Bundles apps/<service> into <out> as the image's build step does (also used by the benchmark). */
export async function bundle(service, out) {
  const problems = unappliedPatches();
  if (problems.length > 0) throw new Error(`refusing to bundle ${service}: ${problems.join("; ")}`);
  const result = await build({
    entryPoints: [join(repoRoot, "apps", service, "src/main.ts")],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    sourcemap: true,
    sourcesContent: false,
    legalComments: "none",
    banner: { js: BANNER },
    outfile: join(out, "dist/main.mjs"),
    metafile: true,
    logLevel: "warning",
  });
  const migrations = join(repoRoot, "apps", service, "drizzle");
  if (existsSync(migrations)) cpSync(migrations, join(out, "drizzle"), { recursive: true });
  // Data the service reads at run time beside its migrations (support-centres: municipality boundaries).
  const geo = join(repoRoot, "apps", service, "geo");
  if (existsSync(geo)) cpSync(geo, join(out, "geo"), { recursive: true });
  const usesPdfkit = Object.keys(result.metafile.inputs).some((input) =>
    input.includes("node_modules/pdfkit/"),
  );
  const pkg = { name: `@krisstod/${service}-bundle`, private: true, type: "module", imports: {} };
  if (usesPdfkit) {
    const fonts = join(repoRoot, "node_modules/pdfkit/js/standard-fonts");
    cpSync(fonts, join(out, "dist/pdfkit-standard-fonts"), { recursive: true });
    pkg.imports["#standard-fonts/*"] = "./dist/pdfkit-standard-fonts/*.cjs";
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [service, out] = process.argv.slice(2);
  if (!service || !out) {
    console.error("usage: node scripts/bundle-service.mjs <service> <out-dir>");
    process.exit(2);
  }
  try {
    await bundle(service, out);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
