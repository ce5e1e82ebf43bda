import {
  type AuthEnv,
  definePolicy,
  guardRoutes,
  routeDeclarer,
  routeTableOf,
  strictCors,
  type TokenVerifier,
} from "@krisstod/auth";
import { NationalPicture } from "@krisstod/contracts";
import { type AppEnv, createServiceApp } from "@krisstod/http";
import type { Logger } from "@krisstod/logging";
import { Hono } from "hono";
import type { NationalFollower } from "./follower.ts";

/**
 * The national mode's one policy row: MSB's national observer reads the national picture — counts
 * by county and organisation, "<5" below 5 — and nothing else. No county role may (a county sees
 * its own picture at home; what the hub shows of it is the same figures, older).
 */
export const nationalPolicy = definePolicy({
  "national-picture.read": { roles: ["national-observer"], scope: "any-organisation" },
});
const route = routeDeclarer(nationalPolicy);

export function nationalApi(follower: NationalFollower) {
  return new Hono<AuthEnv>().get(
    "/national-picture",
    route("national-picture.read", {
      summary:
        "The national picture: each county's counts by organisation and how old its data is (counts only, <5 suppressed)",
      response: NationalPicture,
    }),
    (c) => c.json(follower.picture()),
  );
}

/** The national mode's routes' types, for a typed client (`hc<NationalReportingApp>`). */
export type NationalReportingApp = ReturnType<typeof nationalApi>;

export function createNationalApp(options: {
  follower: NationalFollower;
  verifier: TokenVerifier;
  corsOrigins: readonly string[];
  logger: Logger;
  readiness: Parameters<typeof createServiceApp>[0]["readiness"];
}): Hono<AppEnv> {
  const api = nationalApi(options.follower);
  const app = createServiceApp({
    service: "reporting-national",
    logger: options.logger,
    readiness: options.readiness,
  });
  app.use(strictCors(options.corsOrigins));
  app.use(guardRoutes(options.verifier, nationalPolicy, routeTableOf(api, nationalPolicy)));
  return app.route("/", api as unknown as Hono<AppEnv>);
}
