import { connectNatsWithEnv } from "@krisstod/bus";
import { loadEnvOrExit, serviceEnv } from "@krisstod/config";
import { subjects } from "@krisstod/contracts";
import { connectDatabase } from "@krisstod/db";
import { createLogger } from "@krisstod/logging";
import { rebuildPicture } from "./picture/rebuild.ts";

/**
 * `npm run rebuild-picture -w @krisstod/reporting`: drops the regional picture and replays the
 * JetStream history into it. Needs DATABASE_URL and NATS_URL (and NATS_NAMESPACE, and the reporting
 * service's NATS_USER/NATS_PASSWORD) of the running system; the reporting service may keep running
 * meanwhile.
 */
const env = loadEnvOrExit(
  serviceEnv.pick({
    DATABASE_URL: true,
    NATS_URL: true,
    NATS_USER: true,
    NATS_PASSWORD: true,
    NATS_TLS_CA_FILE: true,
    NATS_NAMESPACE: true,
    LOG_LEVEL: true,
  }),
);
const logger = createLogger("reporting-rebuild", env.LOG_LEVEL === "silent" ? "info" : env.LOG_LEVEL);
const database = connectDatabase(env.DATABASE_URL, { max: 2 });
// As the reporting service's NATS user: its permissions allow reading the whole stream.
const nc = await connectNatsWithEnv(env, { name: "reporting-rebuild", logger, user: "reporting" });
try {
  const stream = subjects.eventStream(env.NATS_NAMESPACE);
  const result = await rebuildPicture({ database, nc, stream, logger });
  process.stdout.write(
    `Rebuilt the regional picture from ${result.events} events (stream sequence ${result.lastSequence}).\n`,
  );
} catch (error) {
  logger.error({ err: String(error) }, "rebuild failed");
  process.exitCode = 1;
} finally {
  await nc.drain();
  await database.close();
}
