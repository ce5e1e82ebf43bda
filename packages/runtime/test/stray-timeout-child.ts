// A process as runService sets it up: a NATS timeout nobody awaits, then (if asked) any other error.
import { createLogger } from "@krisstod/logging";
import { TimeoutError } from "@nats-io/nats-core";
import { surviveStrayNatsTimeouts } from "../src/index.ts";

surviveStrayNatsTimeouts(createLogger("stray-timeout-child"));
void Promise.reject(new TimeoutError());
await new Promise((resolve) => setTimeout(resolve, 200));
process.stdout.write("still running after the stray timeout\n");
if (process.argv[2] === "then-another-error") void Promise.reject(new Error("something else broke"));
await new Promise((resolve) => setTimeout(resolve, 200));
process.stdout.write("still running at the end\n");
