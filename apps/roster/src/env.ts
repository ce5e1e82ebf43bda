import { authEnv } from "@krisstod/auth";
import { serviceEnv } from "@krisstod/config";
import type { z } from "zod";

/** Everything the roster service reads from its environment: the shared variables plus token verification. */
export const rosterEnv = serviceEnv.extend(authEnv.shape);
export type RosterEnv = z.infer<typeof rosterEnv>;
