import { loadEnvOrExit } from "@krisstod/config";
import { runService } from "@krisstod/runtime";
import { reportingEnv } from "./env.ts";
import { runNational } from "./national/main.ts";
import { createReportingService } from "./service.ts";

// REPORTING_MODE=national: the national picture at the hub (national/service.ts says why it is a
// mode of reporting without a database); anything else: the county's reporting service.
if (process.env.REPORTING_MODE === "national") {
  await runNational();
} else {
  const env = loadEnvOrExit(reportingEnv);
  await runService(createReportingService(process.env), env);
}
