import { loadEnvOrExit } from "@krisstod/config";
import { runService } from "@krisstod/runtime";
import { reportingEnv } from "./env.ts";
import { runNational } from "./national/main.ts";
import { runHubSetup } from "./national/setup.ts";
import { createReportingService } from "./service.ts";

// REPORTING_MODE=national: the national picture at the hub (national/service.ts says why it is a
// mode of reporting without a database); REPORTING_MODE=hub-setup: the hub's streams made as
// infra/nats defines them, once (national/setup.ts); anything else: the county's reporting service.
if (process.env.REPORTING_MODE === "national") {
  await runNational();
} else if (process.env.REPORTING_MODE === "hub-setup") {
  await runHubSetup();
} else {
  const env = loadEnvOrExit(reportingEnv);
  await runService(createReportingService(process.env), env);
}
