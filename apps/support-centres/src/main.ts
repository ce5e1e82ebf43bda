import { loadEnvOrExit, serviceEnv } from "@krisstod/config";
import { runService } from "@krisstod/runtime";
import { createSupportCentresService } from "./service.ts";
import { supportCentresEnv } from "./settings.ts";

const env = loadEnvOrExit(serviceEnv.extend(supportCentresEnv.shape));
const service = createSupportCentresService({ settings: env });
await runService(service, env);
