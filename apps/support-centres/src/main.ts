import { loadEnvOrExit, serviceEnv } from "@krisstod/config";
import { startService, stopOnSignals } from "@krisstod/runtime";
import { defineSupportCentresService } from "./service.ts";
import { supportCentresEnv } from "./settings.ts";

const env = loadEnvOrExit(serviceEnv.extend(supportCentresEnv.shape));
stopOnSignals(await startService(defineSupportCentresService(env), env));
