import { loadEnvOrExit } from "@krisstod/config";
import { runService } from "@krisstod/runtime";
import { supportCentresEnv } from "./env.ts";
import { createSupportCentresService } from "./service.ts";

const env = loadEnvOrExit(supportCentresEnv);
await runService(createSupportCentresService(process.env), env);
