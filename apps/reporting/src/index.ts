export type { ReportingApp } from "./app.ts";
export { createReportingService, type ReportingOptions, reportingService } from "./service.ts";
