export {
  type AppEnv,
  type AppVariables,
  createServiceApp,
  type ObservedCheck,
  type ReadinessCheck,
  type ServiceAppOptions,
} from "./app.ts";
export { type CsvCell, csvText, fromSpreadsheetSafe, spreadsheetSafe } from "./csv.ts";
export * from "./errors.ts";
export { faviconLink } from "./favicon.ts";
export { assertJsonDepth, jsonDepth, MAX_JSON_DEPTH } from "./json-depth.ts";
export { noStore } from "./no-store.ts";
export { problemResponse } from "./problem.ts";
export { loggableError, ScrubbedDatabaseError, scrubErrors } from "./scrub-errors.ts";
export { type FetchApp, listen, type RunningServer } from "./serve.ts";
export { readJsonBody, validate, validateBody } from "./validate.ts";
