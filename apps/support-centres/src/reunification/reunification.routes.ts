import { type AuthEnv, requirePrincipal } from "@krisstod/auth";
import {
  ReunificationCandidates,
  ReunificationMatch,
  ReunificationMatchBody,
  ReunificationSearchBody,
} from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { route } from "../policy.ts";
import { recordMatch, searchVisitors } from "./reunification.store.ts";

/** Mounted at /reunification. Searches answer with personal data: `no-store`, audited. */
export function reunificationRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()

    .post(
      "/searches",
      route("reunification.search", {
        summary: "Search the organisation's visitors to reunite relatives",
        response: ReunificationCandidates,
        personalData: true,
      }),
      validate("json", ReunificationSearchBody),
      async (c) => c.json({ candidates: await searchVisitors(db, requirePrincipal(c), c.req.valid("json")) }),
    )
    .post(
      "/matches",
      route("reunification.match", {
        summary: "Record that a seeker and a found visitor belong together",
        response: { status: 201, schema: ReunificationMatch },
        personalData: true,
      }),
      validate("json", ReunificationMatchBody),
      async (c) => {
        const { seekerVisitorId, foundVisitorId } = c.req.valid("json");
        return c.json(await recordMatch(db, requirePrincipal(c), seekerVisitorId, foundVisitorId), 201);
      },
    );
}
