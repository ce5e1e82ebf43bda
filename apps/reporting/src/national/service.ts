import { verifierFromEnv } from "@krisstod/auth";
import { checkNats, connectNatsWithEnv } from "@krisstod/bus";
import { subjects } from "@krisstod/contracts";
import { listen } from "@krisstod/http";
import { createLogger } from "@krisstod/logging";
import { createNationalApp } from "./app.ts";
import type { NationalEnv } from "./env.ts";
import { NationalFollower } from "./follower.ts";

export interface RunningNational {
  readonly url: string;
  readonly follower: NationalFollower;
  stop(): Promise<void>;
}

/**
 * Reporting in the national mode (REPORTING_MODE=national), run at the hub. Why a mode of reporting
 * and not another service: it is reporting's picture at another level, the same fold code and the
 * same image to deploy. Why without a database: the hub holds no county's records, only the
 * national stream (R3, file storage), and the picture is counts kept in memory, rebuilt from the
 * stream at each start (`/readyz` answers 200 once the stream as it was at start has been read).
 * So there is no personal data here to audit and nothing to migrate.
 */
export async function startNationalReporting(env: NationalEnv): Promise<RunningNational> {
  const logger = createLogger("reporting-national", env.LOG_LEVEL);
  const nc = await connectNatsWithEnv(env, { name: "reporting-national", logger });
  const follower = new NationalFollower({
    nc,
    stream: subjects.nationalStream(env.NATS_NAMESPACE),
    counties: env.NATIONAL_COUNTIES,
    intervalMs: env.NATIONAL_SOURCES_INTERVAL_SECONDS * 1000,
    logger,
  });
  await follower.start();
  const app = createNationalApp({
    follower,
    verifier: verifierFromEnv(env),
    corsOrigins: env.CORS_ORIGINS,
    logger,
    readiness: {
      "national-stream": async () => {
        if (!follower.caughtUp()) throw new Error("still reading the national stream");
      },
      nats: { observe: () => checkNats(nc) },
    },
  });
  const server = await listen(app, { port: env.PORT, hostname: env.HOST });
  logger.info({ url: server.url }, "national reporting listening");
  return {
    url: server.url,
    follower,
    stop: async () => {
      await server.close();
      await follower.stop();
      await nc.drain().catch(() => {});
    },
  };
}
