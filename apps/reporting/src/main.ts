import { loadEnvOrExit, serviceEnv } from "@krisstod/config";
import { startService, stopOnSignals } from "@krisstod/runtime";
import { reportingService } from "./service.ts";

stopOnSignals(await startService(reportingService, loadEnvOrExit(serviceEnv)));
