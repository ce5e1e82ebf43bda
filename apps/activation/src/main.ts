import { loadEnvOrExit } from "@krisstod/config";
import { runService } from "@krisstod/runtime";
import { activationEnv } from "./env.ts";
import { createActivationService } from "./service.ts";

const env = loadEnvOrExit(activationEnv);
await runService(createActivationService(process.env), env);
