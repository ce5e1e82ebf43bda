import { authEnv, verifierFromEnv } from "@krisstod/auth";
import { loadEnvOrExit, serviceEnv } from "@krisstod/config";
import { startService, stopOnSignals } from "@krisstod/runtime";
import { createSupportCentresService } from "./service.ts";
import { supportCentresEnv } from "./settings.ts";

const env = loadEnvOrExit(serviceEnv.extend(authEnv.shape).extend(supportCentresEnv.shape));
const service = createSupportCentresService({
  settings: env,
  verifier: verifierFromEnv(env),
  corsOrigins: env.CORS_ORIGINS,
});
stopOnSignals(await startService(service, env));
