import { serviceEnv } from "@krisstod/config";
import type { z } from "zod";
import { importEnv } from "./transfer/limits.ts";

/** The roster service's own settings: the call-list import's limits. */
export const rosterSettings = importEnv;
export type RosterSettings = z.infer<typeof rosterSettings>;

/** What main.ts validates at start: the variables every service reads, and these. */
export const rosterEnv = serviceEnv.extend(rosterSettings.shape);
export type RosterEnv = z.infer<typeof rosterEnv>;
