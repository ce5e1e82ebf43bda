export type { ReportingApp } from "./app.ts";
export { reportingService } from "./service.ts";
export { policy as reportingPolicy } from "./access.ts";
