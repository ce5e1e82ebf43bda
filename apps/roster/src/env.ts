import { authEnv } from "@krisstod/auth";
import { serviceEnv } from "@krisstod/config";
import type { z } from "zod";
import { importEnv } from "./transfer/limits.ts";

/** Everything the roster service reads from its environment: the shared variables, token verification and the import's limits. */
export const rosterEnv = serviceEnv.extend(authEnv.shape).extend(importEnv.shape);
export type RosterEnv = z.infer<typeof rosterEnv>;
