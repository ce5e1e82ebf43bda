import { loadEnvOrExit } from "@krisstod/config";
import { runService } from "@krisstod/runtime";
import { rosterEnv } from "./env.ts";
import { rosterService } from "./service.ts";

await runService(rosterService, loadEnvOrExit(rosterEnv));
