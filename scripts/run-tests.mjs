#!/usr/bin/env node
// Runs the whole vitest workspace: the usual report on the terminal, and a JSON report to a file,
// from which it prints one plain closing line, "N passed, N failed", that CI can read whatever
// the reporter looks like. Extra arguments go to vitest (e.g. `npm run test:all -- --project e2e`).
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Kept after the run (test-results/ is git-ignored) for a closer look at what failed.
const reportDir = join(root, "test-results");
const reportFile = join(reportDir, "vitest-report.json");
mkdirSync(reportDir, { recursive: true });
rmSync(reportFile, { force: true });

const vitest = spawn(
  join(root, "node_modules", ".bin", "vitest"),
  [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportFile}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit" },
);

// Forward Ctrl-C and termination so vitest can stop the servers its global setup started.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => vitest.kill(signal));

const exitCode = await new Promise((resolve) => {
  vitest.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  vitest.once("error", (error) => {
    console.error(`could not run vitest: ${error.message}`);
    resolve(1);
  });
});

const { passed, failed, note } = count(reportFile);
if (note) console.log(note);
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode !== 0 || failed > 0 ? exitCode || 1 : 0);

/** Counts test cases by status; a test file that failed before any test ran counts as one failure. */
function count(file) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { passed: 0, failed: 0, note: "vitest wrote no report; see its output above." };
  }
  let passed = 0;
  let failed = 0;
  let brokenFiles = 0;
  for (const result of report.testResults ?? []) {
    const cases = result.assertionResults ?? [];
    for (const test of cases) {
      if (test.status === "passed") passed++;
      else if (test.status === "failed") failed++;
      // skipped, pending and todo are neither
    }
    if (result.status === "failed" && !cases.some((test) => test.status === "failed")) brokenFiles++;
  }
  return {
    passed,
    failed: failed + brokenFiles,
    note:
      brokenFiles > 0 ? `${brokenFiles} test file(s) failed outside any test case (counted as failed).` : "",
  };
}
