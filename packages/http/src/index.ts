export {
  type AppEnv,
  type AppVariables,
  createServiceApp,
  type ReadinessCheck,
  type ServiceAppOptions,
} from "./app.ts";
export * from "./errors.ts";
export { problemResponse } from "./problem.ts";
export { type FetchApp, listen, type RunningServer } from "./serve.ts";
export { readJsonBody, validate } from "./validate.ts";
