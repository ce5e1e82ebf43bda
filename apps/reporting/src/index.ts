export type { ReportingApp } from "./app.ts";
export { reportingService } from "./service.ts";
