import { loadEnvOrExit } from "@krisstod/config";
import { ProductionRefusedError } from "./app.ts";
import { identityEnv } from "./env.ts";
import { startIdentity } from "./start.ts";

const identity = await startIdentity(loadEnvOrExit(identityEnv)).catch((error: unknown) => {
  if (error instanceof ProductionRefusedError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG, as for any other configuration the process cannot run with
  }
  throw error;
});
const stop = () => {
  identity.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
