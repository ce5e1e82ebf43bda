#!/usr/bin/env node
// Runs before the launcher (`npm start`): plain Node with no dependencies, because it must work on a
// fresh clone where nothing is installed yet (the launcher itself needs tsx from node_modules).
//   1. Node version: Node 22 LTS, 22.12 or later (engines in package.json); older ones are refused.
//   2. Dependencies: `npm ci` when node_modules is missing, `npm install` when it no longer matches
//      package.json or package-lock.json (e.g. after a `git pull` that added a package).
// `--dry-run` says what it would do without doing it; `--root <dir>` checks another checkout.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeVersionProblem } from "./node-version.mjs";

const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
const rootIndex = args.indexOf("--root");
const root = rootIndex >= 0 ? args[rootIndex + 1] : join(dirname(fileURLToPath(import.meta.url)), "..");

const nodeProblem = nodeVersionProblem(process.versions.node);
if (nodeProblem) {
  console.error(`krisstod: ${nodeProblem}`);
  process.exit(1);
}

const reason = whyInstall(root);
if (reason) {
  const command = existsSync(join(root, "node_modules")) ? "install" : "ci";
  console.error(`krisstod: ${reason}; running npm ${command} first`);
  if (dryRun) process.exit(0);
  // Under `npm start`, npm_execpath is the npm that runs us; reuse it rather than search PATH.
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by npm for this script, not a turbo task input
  const npm = process.env.npm_execpath;
  const npmArgs = [command, "--no-audit", "--no-fund"];
  const result =
    npm && /\.[cm]?js$/.test(npm)
      ? spawnSync(process.execPath, [npm, ...npmArgs], { cwd: root, stdio: "inherit" })
      : spawnSync("npm", npmArgs, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) {
    console.error(`krisstod: npm ${command} failed; fix the error above and run npm start again`);
    process.exit(result.status ?? 1);
  }
}

/**
 * Why node_modules must be (re)installed, or undefined when it matches. npm records what it
 * installed in node_modules/.package-lock.json; we compare that with package-lock.json, and the
 * lockfile's record of each workspace with its package.json. Packages marked optional in the lock
 * are platform-specific builds (esbuild, biome, PostgreSQL binaries) and absent on other platforms.
 */
function whyInstall(dir) {
  const readJson = (path) => JSON.parse(readFileSync(join(dir, path), "utf8"));
  if (!existsSync(join(dir, "node_modules"))) return "node_modules is missing";
  if (!existsSync(join(dir, "node_modules/.package-lock.json")))
    return "node_modules was not installed by npm 7 or later";
  const locked = readJson("package-lock.json").packages ?? {};
  const installed = readJson("node_modules/.package-lock.json").packages ?? {};

  for (const [path, entry] of Object.entries(locked)) {
    if (path === "" || !path.includes("node_modules/") || entry.optional || entry.devOptional) continue;
    const present = installed[path];
    if (!present) return `${path.slice(path.lastIndexOf("node_modules/") + 13)} is not installed`;
    if (!entry.link && present.version !== entry.version) {
      return `${path.slice(path.lastIndexOf("node_modules/") + 13)} ${present.version} is installed, the lockfile wants ${entry.version}`;
    }
  }
  const kinds = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"];
  for (const [path, entry] of Object.entries(locked)) {
    if (path.includes("node_modules/")) continue;
    const manifestPath = join(path, "package.json");
    if (!existsSync(join(dir, manifestPath))) continue;
    const manifest = readJson(manifestPath);
    for (const kind of kinds) {
      const wanted = manifest[kind] ?? {};
      const recorded = entry[kind] ?? {};
      const changed = [...new Set([...Object.keys(wanted), ...Object.keys(recorded)])].find(
        (name) => wanted[name] !== recorded[name],
      );
      if (changed) return `${manifestPath} and package-lock.json disagree about ${changed}`;
    }
  }
  return undefined;
}
