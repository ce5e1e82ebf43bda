export { policy as reportingPolicy } from "./access.ts";
export type { ReportingApp } from "./app.ts";
export { rebuildPicture } from "./picture/rebuild.ts";
export { createReportingService, reportingService } from "./service.ts";
