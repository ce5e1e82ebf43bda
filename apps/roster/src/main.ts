import { loadEnvOrExit } from "@krisstod/config";
import { startService, stopOnSignals } from "@krisstod/runtime";
import { rosterEnv } from "./env.ts";
import { rosterService } from "./service.ts";

stopOnSignals(await startService(rosterService, loadEnvOrExit(rosterEnv)));
