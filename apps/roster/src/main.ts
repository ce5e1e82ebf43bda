import { loadEnvOrExit } from "@krisstod/config";
import { runService } from "@krisstod/runtime";
import { rosterEnv } from "./env.ts";
import { createRosterService } from "./service.ts";

const env = loadEnvOrExit(rosterEnv);
await runService(createRosterService(process.env), env);
