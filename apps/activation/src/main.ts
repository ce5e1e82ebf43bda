import { loadEnvOrExit, serviceEnv } from "@krisstod/config";
import { runService } from "@krisstod/runtime";
import { activationService } from "./service.ts";

await runService(activationService, loadEnvOrExit(serviceEnv));
