import type { BenchTarget } from "../types.ts";
import { projectionThroughput } from "./projection-throughput.ts";
import { ssePropagation } from "./sse-propagation.ts";

/** Every performance target named in the service issues. Add a target here to have it run and reported. */
export const targets: BenchTarget[] = [ssePropagation, projectionThroughput];
