import {
  commaSeparated,
  type Environment,
  identityEnv,
  parseEnv,
  serviceEnv,
  splitList,
} from "@krisstod/config";
import { CountyCode } from "@krisstod/contracts";
import { z } from "zod";

/**
 * `NATIONAL_COUNTIES`: the counties whose streams the hub's national stream sources, each with its
 * JetStream domain, e.g. `13=halland,12=skane`. The domain is how the hub names a county's source
 * (`$JS.<domain>.API`), so it is how the national picture knows which county's link went silent.
 */
const nationalCounties = z
  .string()
  .min(1)
  .transform((value, ctx) => {
    const map = new Map<string, string>();
    for (const pair of splitList(value)) {
      const [code, domain] = pair.split("=").map((p) => p.trim());
      if (!CountyCode.safeParse(code).success || !domain || !/^[A-Za-z0-9_-]+$/.test(domain)) {
        ctx.addIssue({ code: "custom", message: `"${pair}" is not <county code>=<JetStream domain>` });
        return z.NEVER;
      }
      map.set(code as string, domain);
    }
    return map;
  });

/**
 * What reporting reads in the national mode (REPORTING_MODE=national): no database (see
 * national/main.ts), the identity settings to verify tokens, where to listen, and the hub's NATS
 * as the national-reporting user.
 */
export const nationalEnv = identityEnv
  .extend(
    serviceEnv.pick({
      PORT: true,
      HOST: true,
      NATS_URL: true,
      NATS_NAMESPACE: true,
      NATS_PASSWORD: true,
      NATS_TLS_CA_FILE: true,
      LOG_LEVEL: true,
      NODE_ENV: true,
    }).shape,
  )
  .extend({
    NATS_USER: z.string().min(1).default("national-reporting"),
    NATIONAL_COUNTIES: nationalCounties,
    /** How often the hub's view of each county's link (the stream's sources) is read again. */
    NATIONAL_SOURCES_INTERVAL_SECONDS: z.coerce.number().min(0.2).max(300).default(5),
  });
export type NationalEnv = z.infer<typeof nationalEnv>;

export function nationalEnvFrom(environment: Environment): NationalEnv {
  return parseEnv(nationalEnv, environment);
}

/**
 * The hub set-up (REPORTING_MODE=hub-setup, national/setup.ts): the hub's NATS as the
 * national-setup user, and the stream definition files to keep (`HUB_STREAM_FILES`, comma-separated
 * paths: in the national overlay the ConfigMap copies of infra/nats/national-sources.json and
 * national-aid.json).
 */
export const hubSetupEnv = serviceEnv
  .pick({ NATS_URL: true, NATS_PASSWORD: true, NATS_TLS_CA_FILE: true, LOG_LEVEL: true, NODE_ENV: true })
  .extend({
    NATS_USER: z.string().min(1).default("national-setup"),
    HUB_STREAM_FILES: commaSeparated(z.array(z.string()).min(1, "at least one stream definition file")),
  });
export type HubSetupEnv = z.infer<typeof hubSetupEnv>;

export function hubSetupEnvFrom(environment: Environment): HubSetupEnv {
  return parseEnv(hubSetupEnv, environment);
}
