import type { BenchTarget } from "../types.ts";
import { activationFanOut } from "./activation-fan-out.ts";
import { answerToDashboard } from "./answer-to-dashboard.ts";
import { countyCallOut } from "./county-call-out.ts";
import { countyPeakDay } from "./county-peak-day.ts";
import { projectionThroughput } from "./projection-throughput.ts";
import { registrations } from "./registrations.ts";
import { rosterImportMemory } from "./roster-import-memory.ts";
import { rosterLists } from "./roster-lists.ts";
import { ssePropagation } from "./sse-propagation.ts";

/** Every performance target named in the service issues. Add a target here to have it run and reported. */
export const targets: BenchTarget[] = [
  ssePropagation,
  projectionThroughput,
  activationFanOut,
  countyCallOut,
  answerToDashboard,
  registrations,
  rosterLists,
  rosterImportMemory,
  countyPeakDay,
];
