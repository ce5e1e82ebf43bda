import { loadEnvOrExit, serviceEnv } from "@krisstod/config";
import { runService } from "@krisstod/runtime";
import { reportingService } from "./service.ts";

await runService(reportingService, loadEnvOrExit(serviceEnv));
