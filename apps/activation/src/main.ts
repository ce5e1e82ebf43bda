import { loadEnvOrExit, serviceEnv } from "@krisstod/config";
import { startService, stopOnSignals } from "@krisstod/runtime";
import { activationService } from "./service.ts";

stopOnSignals(await startService(activationService, loadEnvOrExit(serviceEnv)));
