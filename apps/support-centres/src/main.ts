import { loadEnvOrExit, serviceEnv } from "@krisstod/config";
import { startService, stopOnSignals } from "@krisstod/runtime";
import { createSupportCentresService } from "./service.ts";
import { supportCentresEnv } from "./settings.ts";

const env = loadEnvOrExit(serviceEnv.extend(supportCentresEnv.shape));
const service = createSupportCentresService({ settings: env });
stopOnSignals(await startService(service, env));
