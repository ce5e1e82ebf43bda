import { loadEnvOrExit } from "@krisstod/config";
import { runService } from "@krisstod/runtime";
import { reportingEnv } from "./env.ts";
import { createReportingService } from "./service.ts";

const env = loadEnvOrExit(reportingEnv);
await runService(createReportingService(process.env), env);
