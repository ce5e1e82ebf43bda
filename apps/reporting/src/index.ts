export { policy as reportingPolicy } from "./access.ts";
export type { ReportingApp } from "./app.ts";
export { type NationalReportingApp, nationalPolicy as nationalReportingPolicy } from "./national/app.ts";
export { type NationalEnv, nationalEnvFrom } from "./national/env.ts";
export { type RunningNational, startNationalReporting } from "./national/service.ts";
export { rebuildPicture } from "./picture/rebuild.ts";
export { createReportingService, reportingService } from "./service.ts";
